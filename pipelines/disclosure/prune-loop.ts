// Pruning after the audit passed (prune.ts proposes, the audit judges):
// batches of secondary cells are released while the audit of the release
// without them still passes, until no unit is left to offer (or a budget of
// audits, when one is set, runs out).
import type { AuditResult } from './audit/index';
import { cellKeyOf, type Cell } from './cells';
import type { Suppression, SuppressionStats } from './suppress';

/**
 * Holds exactly one audited candidate at any time and returns the last that
 * passed; on an error it discards that one too.
 */
export async function pruneRelease<A extends { audit: AuditResult }>(
  suppression: Suppression,
  passed: A,
  attempt: (suppressed: Cell[], stats: SuppressionStats) => Promise<A>,
  discard: (a: A) => void,
  o: { pruneAudits?: number; onPrune?: (audit: number, releasing: number, failures?: number) => void },
): Promise<A> {
  const budget = o.pruneAudits ?? Number.POSITIVE_INFINITY;
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
          discard(passed);
          passed = a;
          suppression.release(batch);
          break;
        }
        discard(a);
        batch = pruner.blame(batch, a.audit.failures.map((f) => cellKeyOf(f.table_id, f.period, f.dimension_value)));
      }
    }
  } catch (err) {
    discard(passed);
    throw err;
  }
  return passed;
}
