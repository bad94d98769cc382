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

/**
 * The solver failed on a component: HiGHS in WebAssembly can abort
 * ("RuntimeError: Aborted()", e.g. out of memory), a worker thread can die, a
 * solve can end in a status the audit cannot use. Says what was being solved,
 * so the run can end with a message rather than a WebAssembly stack. An
 * infeasible release is not a fault (InfeasibleReleaseError passes through).
 */
export class SolverError extends Error {
  override name = 'SolverError';
  constructor(
    readonly component: string,
    readonly rows: number,
    readonly unknowns: number,
    cause: unknown,
  ) {
    // emscripten's abort adds advice for whoever builds HiGHS, not for whoever runs the pipeline
    const said = cause instanceof Error ? `${cause.name}: ${cause.message.split('\n')[0]}` : String(cause);
    const why = said.replace(/\s*Build with -sASSERTIONS for more info\.?/, '').replace(/\.+$/, '');
    super(`the LP solver failed on ${component} (${rows.toLocaleString('en-US')} rows, ${unknowns.toLocaleString('en-US')} unknowns): ${why}`, { cause });
  }
}

/** `e` as thrown while solving `what`: a finding passes through, anything else becomes a SolverError naming it. */
export function solverFault(what: string, rows: number, unknowns: number, e: unknown): Error {
  if (e instanceof InfeasibleReleaseError || e instanceof SolverError) return e;
  return new SolverError(what, rows, unknowns, e);
}

const jobFault = (job: SolveJob, e: unknown) => solverFault(job.description, job.problem.rowLo.length, job.problem.vars.length, e);

/** Below this many rows in all, the components are solved on the calling thread. */
const THREADS_FROM_ROWS = 5_000;

class SolverThread {
  private readonly worker = new Worker(new URL('./solver-thread.mjs', import.meta.url));
  private waiting = new Map<number, { job: SolveJob; resolve: (a: ComponentAnswer) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.unref();
    this.worker.on('message', (reply: SolveReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (reply.error) {
        const e = reply.error.name === 'InfeasibleReleaseError' ? new InfeasibleReleaseError(reply.error.message) : new Error(reply.error.message);
        e.name = reply.error.name;
        e.stack = reply.error.stack;
        if (!(e instanceof InfeasibleReleaseError)) this.retire();
        w.reject(jobFault(w.job, e));
      } else w.resolve(reply.answer);
    });
    // A thread that dies (out of memory, a crash) takes its jobs with it; without this they would wait forever.
    const died = (e: unknown) => {
      this.retire();
      for (const w of this.waiting.values()) w.reject(jobFault(w.job, e));
      this.waiting.clear();
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => died(new Error(`the solver thread exited (code ${code})`)));
  }

  /**
   * Out of the pool, and ended (a thread has one job at a time, answered or
   * lost by now): a HiGHS that aborted is not trusted with another job, and the
   * next audit starts a fresh thread.
   */
  private retire(): void {
    const i = pool.indexOf(this);
    if (i >= 0) pool.splice(i, 1);
    void this.worker.terminate();
  }

  solve(req: SolveRequest): Promise<ComponentAnswer> {
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(req.id, { job: req, resolve, reject });
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
      try {
        answers[i] = boundComponent(highs, j.problem, { ...solveOptions, describe: () => j.description, seeds: j.seeds });
      } catch (e) {
        throw jobFault(j, e);
      }
      done(i, answers[i]);
    }
    return answers;
  }
  while (pool.length < n) pool.push(new SolverThread());
  let next = 0;
  let failed = false;
  const lane = async (t: SolverThread) => {
    while (next < order.length && !failed) {
      const i = order[next++]!;
      const j = jobs[i]!;
      try {
        answers[i] = await t.solve({ ...j, ...solveOptions, id: nextId++ });
      } catch (e) {
        failed = true; // the other lanes stop taking jobs: the audit has failed
        throw e;
      }
      done(i, answers[i]);
    }
  };
  await Promise.all(pool.slice(0, n).map(lane));
  return answers;
}
