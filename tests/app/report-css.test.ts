// The report writes program and period names into its @page rules: no name
// may end the CSS string or the <style> element, and every name must read back
// as itself.
import { describe, expect, it } from 'vitest';
import { cssString } from '~/components/report/FunderReport';

/** What a CSS parser makes of a string literal's escapes (CSS Syntax 4.3.7). */
function unescapeCss(literal: string): string {
  return literal.slice(1, -1).replace(/\\([0-9a-f]{1,6}) ?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

const HOSTILE = [
  'Bridgeway Peer Support',
  'A "quoted" name',
  'back\\slash',
  '</style><script>alert(1)</script>',
  'line\nbreak',
  'form\ffeed',
  'nul\u0000char',
  '} body { display: none } @page { content: "',
  'Café Ñandú — Peer Recovery 東京 · 2025 Q1 🙂',
];

describe('cssString', () => {
  it.each(HOSTILE)('keeps %j inside one CSS string, and reads back as itself', (name) => {
    const literal = cssString(name);
    expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
    const inner = literal.slice(1, -1);
    // Nothing that ends a string, a declaration, a block or the <style> element survives unescaped.
    expect(inner).not.toMatch(/["'<>{};\n\r\f\u0000]/);
    expect(unescapeCss(literal)).toBe(name);
  });
});
