// What the pipeline CLI says when a run stops, and its exit code. Only errors
// whose text this project writes are printed; any other error's message may
// quote input data (a database error can hold a whole raw record), so it is
// never printed: its stack frames say where it happened, which is what a
// developer needs, and PEER_OUTCOMES_DEBUG=1 prints it whole on one's own data.
import { ConfigError } from '../runner/config';
import { DisclosureError } from '../runner/publish';
import { PipelineError } from '../runner/run';
import { ContractError } from '../stages/discover';

/** Exit codes, as docs/data-contract.md lists them. */
export const EXIT = {
  ok: 0,
  /** The run stopped: a setting, disclosure control, or an internal error. */
  failed: 1,
  /** The command line is wrong. */
  usage: 2,
  /** An input folder or file was refused: nothing was loaded, the previous release is unchanged. */
  inputRefused: 3,
} as const;

export function describeFailure(e: unknown, env: Record<string, string | undefined> = process.env): { exitCode: number; text: string } {
  if (e instanceof ContractError) {
    return {
      exitCode: EXIT.inputRefused,
      text: `pipeline: ${e.message}\nNothing was loaded; the previous release is unchanged.`,
    };
  }
  if (e instanceof ConfigError || e instanceof PipelineError || e instanceof DisclosureError) {
    return { exitCode: EXIT.failed, text: `pipeline: ${e.message}` };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (env.PEER_OUTCOMES_DEBUG === '1') return { exitCode: EXIT.failed, text: `pipeline failed: ${err.stack ?? err.message}` };
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return {
    exitCode: EXIT.failed,
    text:
      `pipeline failed: an internal error (${err.name}); its message is not printed because it may quote input data ` +
      `(PEER_OUTCOMES_DEBUG=1 prints it). Please report it with these lines:\n${frames.join('\n')}`,
  };
}
