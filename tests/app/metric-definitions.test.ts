// One source for what each metric means: app/dashboard/definitions.ts. Every
// catalog metric has plain words a program manager can follow, and
// docs/metrics.md carries exactly what the module says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS, definitionOf, metricsDocSection, withMetricsDocSection } from '~/dashboard/definitions';
import { METRICS } from '../../pipelines/metrics/catalog';

const docPath = path.resolve(import.meta.dirname, '../../docs/metrics.md');

// What makes a definition read like a formula: symbols, column names, code spans.
const FORMULA = /[÷×√≥≤=`]|\bcontributors\b|\bnumerator\b|\bdenominator\b|\bSD\b|\bNULL\b|_/;

describe('metric definitions', () => {
  it('give every catalog metric plain words and how it is computed, of the catalog’s kind', () => {
    expect(METRICS.length).toBeGreaterThan(20);
    for (const m of METRICS) {
      const d = definitionOf(m.id);
      expect(d, m.id).not.toBeNull();
      expect(d!.kind, m.id).toBe(m.kind);
      for (const text of [d!.plain, d!.how]) {
        expect(text, m.id).toMatch(/^[A-Z].{20,}\.$/s);
        expect(text, `${m.id}: ${text}`).not.toMatch(FORMULA);
      }
      expect(d!.exact.length, m.id).toBeGreaterThan(10);
    }
  });

  it('has no entry for a metric the catalog does not have', () => {
    const ids = new Set(METRICS.map((m) => m.id));
    expect(Object.keys(DEFINITIONS).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('are what docs/metrics.md says (run `npx tsx scripts/metrics-doc.ts` after editing them)', () => {
    const doc = readFileSync(docPath, 'utf8');
    expect(doc).toContain(metricsDocSection(METRICS));
    expect(withMetricsDocSection(doc, METRICS)).toBe(doc);
    // and each plain text really is in the document, once per metric
    for (const m of METRICS) expect(doc, m.id).toContain(`| \`${m.id}\`: ${m.label} |`);
  });

  it('are the plain words the checker rejects when they are a formula', () => {
    expect('share whose change ÷ (reference SD × √2) ≥ 1.96').toMatch(FORMULA);
    expect('for people with ≥ 1 no-show: numerator contributors').toMatch(FORMULA);
    expect(definitionOf('recovery_reliable_improvement')!.how).not.toMatch(FORMULA);
  });
});
