import { describe, expect, it } from 'vitest';
import { landingPath, safeNext } from '~/auth/landing';

describe('where sign-in leads', () => {
  it.each([
    ['/dashboard/engagement?program=Harbor', '/dashboard/engagement?program=Harbor'],
    ['/account#sessions', '/account#sessions'],
    ['/%09/evil.example', '/%09/evil.example'], // stays a path on this site
  ])('follows %s', (next, to) => expect(safeNext(next)).toBe(to));

  it.each(['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', ' /x', 'https://evil.example/', 'javascript:alert(1)', '', null])(
    'refuses %j',
    (next) => expect(safeNext(next)).toBeNull(),
  );

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
