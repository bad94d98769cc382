// A progress bar per stage on stderr: redrawn in place on a terminal (with the
// elapsed time ticking, so a long step shows it is alive), one line per stage
// and a line per finished step otherwise (CI logs stay readable).
export function progressBar(out: NodeJS.WriteStream) {
  const tty = out.isTTY === true;
  let current = '';
  let started = Date.now();
  let state = { done: 0, total: 0, detail: '' };
  let timer: NodeJS.Timeout | undefined;

  const draw = () => {
    const width = 24;
    const filled = state.total > 0 ? Math.round((state.done / state.total) * width) : 0;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${current.padEnd(11)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${state.done}/${state.total} ${secs}s ${state.detail}`;
    out.write(`\r${line.slice(0, (out.columns ?? 100) - 1).padEnd((out.columns ?? 100) - 1)}`);
  };

  return {
    /** `step`: a finished step, a line of its own where the output is no terminal. */
    update(stage: string, done: number, total: number, detail = '', step = false) {
      if (stage !== current) {
        if (tty && current) {
          draw();
          out.write('\n');
        }
        current = stage;
        started = Date.now();
        if (!tty) out.write(`${stage}…\n`);
      }
      state = { done, total, detail };
      if (!tty) {
        if (step) out.write(`  ${detail} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
        return;
      }
      draw();
      timer ??= setInterval(draw, 250).unref();
    },
    done() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (tty && current) {
        draw();
        out.write('\n');
      }
      current = '';
    },
  };
}
