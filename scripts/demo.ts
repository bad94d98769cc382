// npm run demo: synthetic extracts → pipeline → dashboard on data/demo. The
// app build needs no data, so it runs beside the pipeline (quietly, its output
// shown only if it fails) instead of after it: the pipeline's audits leave a
// core idle for much of their time.
import { spawn } from 'node:child_process';

const DATA = 'data/demo';
const DEMO_ENV = { ...process.env, PEER_OUTCOMES_DEMO: '1' };

const children = new Set<ReturnType<typeof spawn>>();
// Ctrl-C reaches every step through the terminal's process group; a SIGTERM
// (the demo run in the background, a supervisor) is passed on, so stopping the
// demo stops the server and any step still running
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {
  for (const c of children) c.kill('SIGTERM');
});

interface Step {
  code: number;
  output: string;
  seconds: number;
}

/** `npm run <script> -- args`; its output shown as it comes, or (quiet) kept for a failure. */
function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): { done: Promise<Step>; kill: () => void } {
  const started = Date.now();
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    env,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const done = new Promise<Step>((resolve) => {
    child.on('error', (e) => resolve({ code: 1, output: `${output}${e.message}\n`, seconds: (Date.now() - started) / 1000 }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

async function main(): Promise<number> {
  const synth = await npmRun('synth', ['--scale', 'demo', '--seed', '42', '--out', `${DATA}/input`], process.env).done;
  if (synth.code !== 0) return synth.code;

  const build = npmRun('build', [], { ...process.env, NODE_ENV: 'production' }, true);
  const pipeline = await npmRun('pipeline', ['--input', `${DATA}/input`, '--data', DATA], DEMO_ENV).done;
  if (pipeline.code !== 0) {
    build.kill();
    return pipeline.code;
  }
  const built = await build.done;
  if (built.code !== 0) {
    process.stderr.write(`${built.output}\nnpm run build failed (above); the pipeline's release is in ${DATA}.\n`);
    return built.code;
  }
  console.log(`app built alongside the pipeline (${built.seconds.toFixed(1)} s)`);

  const users = await npmRun('users:demo', ['--data', DATA], DEMO_ENV).done;
  if (users.code !== 0) return users.code;

  return (await npmRun('start', [], { ...DEMO_ENV, PEER_OUTCOMES_DATA: DATA }).done).code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`npm run demo: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
