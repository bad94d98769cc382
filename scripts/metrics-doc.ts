// Rewrites docs/metrics.md's metric sections from app/dashboard/definitions.ts
// and the catalog: `npx tsx scripts/metrics-doc.ts`. The unit test
// tests/app/metric-definitions.test.ts fails until this has been run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withMetricsDocSection } from '../app/dashboard/definitions';
import { METRICS } from '../pipelines/metrics/catalog';

const file = path.resolve(import.meta.dirname, '../docs/metrics.md');
writeFileSync(file, withMetricsDocSection(readFileSync(file, 'utf8'), METRICS));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
