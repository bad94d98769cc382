// A progress bar per stage on stderr: redrawn in place on a terminal, one
// line per stage change otherwise (CI logs stay readable).
export function progressBar(out: NodeJS.WriteStream) {
  const tty = out.isTTY === true;
  let current = '';
  let started = Date.now();
  return {
    update(stage: string, done: number, total: number, detail?: string) {
      if (stage !== current) {
        if (tty && current) out.write('\n');
        current = stage;
        started = Date.now();
        if (!tty) out.write(`${stage}…\n`);
      }
      if (!tty) return;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      out.write(`\r${stage.padEnd(11)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${secs}s ${detail ?? ''}`.padEnd(90));
    },
    done() {
      if (tty && current) out.write('\n');
      current = '';
    },
  };
}
