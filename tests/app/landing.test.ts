import { describe, expect, it } from 'vitest';
import { landingPath, safeNext } from '~/auth/landing';

const ORIGIN = 'https://outcomes.example.org';

/** Where a browser on ORIGIN goes when the sign-in answers `Location: to`. */
const followedFrom = (to: string) => new URL(to, `${ORIGIN}/signin`);

describe('where sign-in leads', () => {
  it.each([
    ['/dashboard/engagement?program=Harbor', '/dashboard/engagement?program=Harbor'],
    ['/account#sessions', '/account'], // the fragment stays in the browser; it is never needed here
    ['/%09/evil.example', '/%09/evil.example'], // an encoded tab is a path segment on this site
    ['/reports/program.pdf?program=Harbor%20Peer&period=2025-Q3', '/reports/program.pdf?program=Harbor%20Peer&period=2025-Q3'],
    ['/dashboard/./engagement', '/dashboard/engagement'], // the resolved path, not the input
    ['/admin/../account', '/account'],
    ['/exports?tables=a b', '/exports?tables=a%20b'],
  ])('follows %j to %j', (next, to) => expect(safeNext(next)).toBe(to));

  // Each would take the browser to another site if its input (or its
  // normalised path) were put in the Location header.
  const HOSTILE = [
    '//evil.example',
    '///evil.example',
    '/.//evil.example/phish',
    '/././/evil.example',
    '/%2e%2e//evil.example',
    '/%2E%2E//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/.\t//evil.example',
    'https://evil.example/',
    'http:evil.example',
    'http:/evil.example',
    'http:\\\\evil.example',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '%2f%2fevil.example',
    '/%2f%2fevil.example/..//evil.example',
    ' /x',
    '\u2215\u2215evil.example', // division slashes
    '\uff0f\uff0fevil.example', // fullwidth solidus
    '//evil.example@outcomes.example.org',
    '//outcomes.example.org.evil.example/',
    '',
    null,
    undefined,
  ];

  it(`has at least 20 hostile forms to refuse (${HOSTILE.length})`, () => expect(HOSTILE.length).toBeGreaterThanOrEqual(20));

  it.each(HOSTILE)('refuses %j', (next) => expect(safeNext(next)).toBeNull());

  it('never answers anything a browser would follow off this site', () => {
    const tricky = ['/.', '/..', '/%2e', '/a/%2e%2e/%2e%2e//b', '/;//evil.example', '/?//evil.example', '/#//evil.example', '/%5c%5cevil.example', '/\u3000/evil.example'];
    for (const next of [...tricky, ...HOSTILE.filter((h): h is string => typeof h === 'string')]) {
      const to = safeNext(next);
      if (to !== null) {
        expect(followedFrom(to).origin, `${JSON.stringify(next)} → ${to}`).toBe(ORIGIN);
        expect(to, JSON.stringify(next)).toMatch(/^\/(?![/\\])/);
      }
    }
  });

  it('lands each role where it has something to open', () => {
    expect(landingPath(['admin', 'program_manager'])).toBe('/dashboard');
    expect(landingPath(['admin'])).toBe('/admin');
    expect(landingPath(['funder'])).toBe('/reports');
    expect(landingPath(['funder', 'admin'])).toBe('/admin');
    expect(landingPath(['funder', 'analyst'])).toBe('/reports');
    expect(landingPath(['analyst'])).toBe('/exports');
    expect(landingPath(['admin', 'analyst'])).toBe('/admin');
    expect(landingPath(['program_manager', 'analyst'])).toBe('/dashboard');
    expect(landingPath([])).toBe('/account');
  });
});
