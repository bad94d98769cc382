// The report's PDF links. The server's Chromium takes seconds to print a
// report, so with JavaScript a click fetches the PDF while a status line says
// it is being prepared (and for how long), then hands the file to the browser;
// a refusal or failure shows the server's own words. Without JavaScript (or
// before the bundle loads) each is a plain download link.
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { reportHref } from '~/reports/href';
import { PAPERS, type Paper } from '~/reports/paper';

type State = { kind: 'idle' } | { kind: 'busy'; paper: Paper; seconds: number } | { kind: 'done'; paper: Paper } | { kind: 'failed'; message: string };

const fileNameOf = (disposition: string | null) => /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? 'peer-outcomes-report.pdf';

function statusText(state: State): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'busy':
      return `Preparing the PDF (${PAPERS[state.paper]})…`;
    case 'done':
      return `The PDF (${PAPERS[state.paper]}) is ready: your browser has downloaded it.`;
    case 'failed':
      return state.message;
  }
}

export function PdfDownload({ program, period }: { program: string; period: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const busy = state.kind === 'busy';
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setState((s) => (s.kind === 'busy' ? { ...s, seconds: s.seconds + 1 } : s)), 1000);
    return () => clearInterval(timer);
  }, [busy]);

  async function download(event: MouseEvent<HTMLAnchorElement>, paper: Paper) {
    event.preventDefault();
    if (busy) return;
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'busy', paper, seconds: 0 });
    try {
      const response = await fetch(event.currentTarget.href, { signal: controller.signal });
      if (!response.ok) {
        setState({ kind: 'failed', message: (await response.text()).trim() || `The PDF could not be made (HTTP ${response.status}).` });
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response.headers.get('Content-Disposition'));
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: 'done', paper });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState({ kind: 'failed', message: `The PDF could not be fetched (${(error as Error).message}). Try again, or use Print.` });
    }
  }

  return (
    <>
      <span className="report-toolbar__pdf">
        Download PDF:{' '}
        {(Object.keys(PAPERS) as Paper[]).map((paper, i) => (
          <span key={paper}>
            {i > 0 && ' · '}
            <a
              href={reportHref(program, period, { pdf: paper })}
              download
              onClick={(e) => void download(e, paper)}
              aria-disabled={busy || undefined}
              data-testid={`pdf-${paper}`}
            >
              {PAPERS[paper]}
            </a>
          </span>
        ))}
      </span>
      <span role="status" className={`report-toolbar__status${state.kind === 'failed' ? ' report-toolbar__status--failed' : ''}`}>
        {busy && <span className="spinner" aria-hidden="true" />}
        {statusText(state)}
        {/* The seconds are for the eye: a screen reader hears the status once, not every second. */}
        {busy && state.seconds > 0 && <span aria-hidden="true"> {state.seconds} s</span>}
      </span>
    </>
  );
}
