// The pipeline's run log (DATA/pipeline-runs.jsonl): one line per run, with its
// release summary. Counts only; the log holds no row-level data.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { getEnv } from '~/env.server';

const Run = z.object({
  runId: z.string(),
  startedAt: z.string(),
  // null for a run that was interrupted: nobody saw it end (pipelines/runner/run.ts)
  durationMs: z.number().nullable(),
  status: z.string(),
  release: z
    .object({
      tables: z.number(),
      cellsReleased: z.number(),
      cellsSuppressed: z.number(),
      primary: z.number().optional(),
      linked: z.number().optional(),
      complementary: z.number().optional(),
      auditedQuantities: z.number().optional(),
      auditSeconds: z.number().optional(),
      /** Every audit of the run (loop rounds, then pruning); older logs lack it. */
      audits: z.array(z.object({ seconds: z.number() })).optional(),
    })
    .nullish(),
});
export type Run = z.infer<typeof Run>;

/** Seconds the run spent in audits: all of them where the log says, else the last one (older logs). */
export const auditSecondsOf = (r: Run): number | undefined =>
  r.release?.audits ? Math.round(r.release.audits.reduce((s, a) => s + a.seconds, 0) * 10) / 10 : r.release?.auditSeconds;

/** The runs, newest first; lines that do not parse are counted, not shown. */
export async function pipelineRuns(dataDir = getEnv().PEER_OUTCOMES_DATA): Promise<{ runs: Run[]; unreadable: number }> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'pipeline-runs.jsonl'), 'utf8');
  } catch {
    return { runs: [], unreadable: 0 };
  }
  const runs: Run[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const json = JSON.parse(line);
      // A release published or rolled back while the server held the audit trail (pipelines/cli/release-trail.ts): not a run.
      if (typeof json?.event === 'string') continue;
      const parsed = Run.safeParse(json);
      if (parsed.success) runs.push(parsed.data);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { runs: runs.reverse(), unreadable };
}
