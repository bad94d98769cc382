// The disclosure-control loop, from primary suppression to an audited
// candidate: candidate → audit → complements until the audit finds every
// suppressed count protected, then pruning (prune-loop.ts) while the audit
// still passes. Writing a candidate is the caller's (the runner writes release
// files); this loop only decides what is suppressed and asks the audit. One
// AuditMemory spans every audit of the run, so each audit after the first
// solves only what changed (audit/memory.ts).
import { AuditMemory, type AuditProgress, type AuditResult } from './audit/index';
import { cellKeyOf, type Cell } from './cells';
import { pruneRelease } from './prune-loop';
import type { Suppression, SuppressionStats } from './suppress';

export class DisclosureError extends Error {}

export interface Attempt {
  audit: AuditResult;
}

export interface ProtectOptions {
  protectionLevel: number;
  /** Off only to show that the audit then refuses the release (tests). */
  complementary?: boolean;
  maxRounds?: number;
  /** Before each audit (failures undefined) and after it. */
  onRound?: (round: number, suppressed: number, failures?: number) => void;
  /** Audits pruning may spend after the loop passed; undefined: until nothing more can go. 0 turns pruning off. */
  pruneAudits?: number;
  /** Before each pruning audit (failures undefined) and after it. */
  onPrune?: (audit: number, releasing: number, failures?: number) => void;
  /** Worker threads each audit may use. */
  threads?: number;
  /** Within each audit, after each component. */
  onAuditProgress?: (p: AuditProgress) => void;
}

/**
 * Runs the loop. `attempt` writes a candidate with the given suppressed cells
 * and audits it with the memory and progress hook it is handed; `discard`
 * removes a candidate that is not kept. Returns the last candidate that passed.
 */
export async function protect<A extends Attempt>(
  suppression: Suppression,
  attempt: (suppressed: Cell[], stats: SuppressionStats, audit: { memory: AuditMemory; threads?: number; onProgress?: (p: AuditProgress) => void }) => Promise<A>,
  discard: (a: A) => void,
  o: ProtectOptions,
): Promise<{ passed: A; rounds: number; audits: AuditResult[] }> {
  const maxRounds = o.maxRounds ?? 60;
  const memory = new AuditMemory();
  const audits: AuditResult[] = [];
  const audited = async (suppressed: Cell[], stats: SuppressionStats) => {
    const a = await attempt(suppressed, stats, { memory, ...(o.threads ? { threads: o.threads } : {}), ...(o.onAuditProgress ? { onProgress: o.onAuditProgress } : {}) });
    audits.push(a.audit);
    return a;
  };
  let round = 1;
  for (; ; round++) {
    const suppressed = suppression.suppressedCells();
    o.onRound?.(round, suppressed.length);
    const a = await audited(suppressed, suppression.stats());
    o.onRound?.(round, suppressed.length, a.audit.failures.length);
    if (a.audit.failures.length === 0) {
      const passed = await pruneRelease(suppression, a, audited, discard, o);
      return { passed, rounds: round, audits };
    }
    discard(a);
    const first = a.audit.failures[0]!;
    const where = `${first.table_id} ${first.period} ${first.dimension_value} (${first.quantity} within ${first.min}..${first.max})`;
    if (o.complementary === false) {
      throw new DisclosureError(
        `the audit refused the release: ${a.audit.failures.length} suppressed values can be narrowed below ${o.protectionLevel}, e.g. ${where}. ` +
          'Complementary suppression is off. The previous release (if any) is unchanged.',
      );
    }
    if (round >= maxRounds || !suppression.addComplements(
      a.audit.failures.map((f) => ({ cellKey: cellKeyOf(f.table_id, f.period, f.dimension_value), quantity: f.quantity })),
    )) {
      throw new DisclosureError(
        `disclosure control could not protect every suppressed value after ${round} rounds ` +
          `(${a.audit.failures.length} still too narrow, e.g. ${where}). No release was written; the previous release (if any) is unchanged.`,
      );
    }
  }
}
