// Pruning after the audit passed (pipelines/disclosure/prune.ts proposes, the
// audit judges): batches of secondary cells are released while the audit of
// the release without them still passes.
import type { AuditResult } from '../disclosure/audit/index';
import { cellKeyOf, type Cell } from '../disclosure/cells';
import type { Suppression, SuppressionStats } from '../disclosure/suppress';
import { discard } from '../release/write';
import { DEFAULT_PRUNE_AUDITS } from './config';
import type { PublishOptions } from './publish';

/**
 * Pruning (pipelines/disclosure/prune.ts): batches of secondary cells are
 * released while the audit still passes without them, within `pruneAudits`
 * audits. Holds exactly one audited candidate at any time and returns the
 * last that passed; on an error it removes that one too.
 */
export async function pruneRelease<A extends { path: string; audit: AuditResult }>(
  suppression: Suppression,
  passed: A,
  attempt: (suppressed: Cell[], stats: SuppressionStats) => Promise<A>,
  o: Pick<PublishOptions, 'pruneAudits' | 'onPrune'>,
): Promise<A> {
  const budget = o.pruneAudits ?? DEFAULT_PRUNE_AUDITS;
  const pruner = suppression.pruner();
  let audits = 0;
  try {
    while (pruner.remaining > 0 && audits < budget) {
      let batch = pruner.nextBatch();
      while (batch.length > 0 && audits < budget) {
        const releasing = new Set(batch.flatMap((u) => u.cells.map((c) => c.key)));
        const primary = [...releasing].find((k) => suppression.primary.has(k));
        if (primary) throw new Error(`pruning offered a primary cell for release (${primary}); nothing was written`);
        const suppressed = suppression.suppressedCells().filter((c) => !releasing.has(c.key));
        audits++;
        o.onPrune?.(audits, releasing.size);
        const a = await attempt(suppressed, { ...suppression.stats(), pruned: suppression.pruned + releasing.size });
        o.onPrune?.(audits, releasing.size, a.audit.failures.length);
        if (a.audit.failures.length === 0) {
          discard(passed.path);
          passed = a;
          suppression.release(batch);
          break;
        }
        discard(a.path);
        batch = pruner.blame(batch, a.audit.failures.map((f) => cellKeyOf(f.table_id, f.period, f.dimension_value)));
      }
    }
  } catch (err) {
    discard(passed.path);
    throw err;
  }
  return passed;
}
