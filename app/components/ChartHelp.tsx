// Beside a chart: what its measure means and how it is worked out, in plain
// words from the one source of definitions (app/dashboard/definitions.ts,
// which docs/metrics.md is generated from). A <details> disclosure: it opens
// by keyboard (Enter or Space on the summary), by touch and by click, and
// without JavaScript; nothing hides behind a hover.
import { definitionOf } from '~/dashboard/definitions';

export function ChartHelp({ metric }: { metric: { id: string; label: string } }) {
  const d = definitionOf(metric.id);
  if (!d) return null;
  return (
    <details className="chart-help">
      <summary>
        <span aria-hidden="true" className="chart-help__icon">
          i
        </span>
        What this measures<span className="sr-only">: {metric.label}</span>
      </summary>
      <div className="chart-help__body">
        <p>{d.plain}</p>
        <p>
          <strong>How it is computed.</strong> {d.how}
        </p>
        <p>
          <a href={`/dashboard/about#def-${metric.id}`}>The exact rule, and every other measure</a>
        </p>
      </div>
    </details>
  );
}
