// Components are independent linear programs, so the audit solves them side
// by side: one worker thread per core (at most the configured threads), each
// with its own HiGHS. Small audits stay on the calling thread, where starting
// a worker would cost more than the solves. The threads live for the process
// and do not keep it alive when idle.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Highs } from 'highs';
import { boundComponent, type ComponentAnswer } from './bounds';
import { InfeasibleReleaseError } from './presolve';
import type { ComponentProblem } from './problem';

export interface SolveJob {
  problem: ComponentProblem;
  description: string;
  seeds: Float64Array[];
}

export interface SolveRequest extends SolveJob {
  id: number;
  protectionLevel: number;
  exact: boolean;
}

export type SolveReply =
  | { id: number; answer: ComponentAnswer; error?: undefined }
  | { id: number; error: { name: string; message: string; stack: string }; answer?: undefined };

/** Below this many rows in all, the components are solved on the calling thread. */
const THREADS_FROM_ROWS = 5_000;

class SolverThread {
  private readonly worker = new Worker(new URL('./solver-thread.mjs', import.meta.url));
  private waiting = new Map<number, { resolve: (a: ComponentAnswer) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.unref();
    this.worker.on('message', (reply: SolveReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (reply.error) {
        const e = reply.error.name === 'InfeasibleReleaseError' ? new InfeasibleReleaseError(reply.error.message) : new Error(reply.error.message);
        e.stack = reply.error.stack;
        w.reject(e);
      } else w.resolve(reply.answer);
    });
    this.worker.on('error', (e) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    });
  }

  solve(req: SolveRequest): Promise<ComponentAnswer> {
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(req.id, { resolve, reject });
      this.worker.postMessage(req);
    });
  }
}

const pool: SolverThread[] = [];
let nextId = 0;


/**
 * Solves every job, largest first, each on the next free thread; `done` is
 * called as each finishes. Answers come back in the jobs' order.
 */
export async function solveAll(
  highs: Highs,
  jobs: readonly SolveJob[],
  o: { protectionLevel: number; exact: boolean; threads: number },
  done: (index: number, answer: ComponentAnswer) => void,
): Promise<ComponentAnswer[]> {
  const answers = new Array<ComponentAnswer>(jobs.length);
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.problem.rowLo.length - jobs[a]!.problem.rowLo.length);
  const rows = jobs.reduce((s, j) => s + j.problem.rowLo.length, 0);
  const n = Math.max(1, Math.min(availableParallelism(), o.threads));
  const solveOptions = { protectionLevel: o.protectionLevel, exact: o.exact };
  if (n < 2 || rows < THREADS_FROM_ROWS || jobs.length < 2) {
    for (const i of order) {
      const j = jobs[i]!;
      answers[i] = boundComponent(highs, j.problem, { ...solveOptions, describe: () => j.description, seeds: j.seeds });
      done(i, answers[i]);
    }
    return answers;
  }
  while (pool.length < n) pool.push(new SolverThread());
  let next = 0;
  const lane = async (t: SolverThread) => {
    while (next < order.length) {
      const i = order[next++]!;
      const j = jobs[i]!;
      answers[i] = await t.solve({ ...j, ...solveOptions, id: nextId++ });
      done(i, answers[i]);
    }
  };
  await Promise.all(pool.slice(0, n).map(lane));
  return answers;
}
