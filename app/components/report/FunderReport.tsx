// A funder report, for the screen, the browser's print and the PDF alike: a
// one-page summary, a part per section, and the definitions. Printing is laid
// out by CSS (report.css): sections follow one another (about half the pages
// of one section a page), no heading is left at the foot of a page, no chart
// or table row is split across pages, and every page's margins carry the
// program, period, release and page number (@page margin boxes, written below
// per report).
import { useEffect, useRef, useState } from 'react';
import { SuppressionLegend } from '~/components/ReleasedNumber';
import { TrendChart } from '~/components/charts/TrendChart';
import { chartPoint } from '~/components/charts/chart-data';
import { formatDate, formatDateTimeUtc } from '~/lib/format';
import type { Report, ReportSection } from '~/reports/report.server';
import { MeasuresTable, SiteTable, TrendValues } from './ReportTables';

/**
 * A CSS string literal: every character but letters, digits and plain
 * punctuation written as a CSS escape, so no name can end the string or the
 * <style> element, whatever it holds.
 */
export function cssString(text: string): string {
  return `"${[...text].map((c) => (/^[A-Za-z0-9 .,:;()_-]$/.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

function pageStyle(report: Report): string {
  const top = `${report.program} · ${report.period.short}`;
  const release = `Release ${report.release.id}`;
  return `@page {
  margin: 16mm 14mm 15mm;
  @top-left { content: ${cssString(top)}; font: 8.5pt system-ui, sans-serif; color: #3d4452; }
  @top-right { content: ${cssString(release)}; font: 8.5pt system-ui, sans-serif; color: #3d4452; }
  @bottom-left { content: "Peer Outcomes funder report · figures from an audited release"; font: 8.5pt system-ui, sans-serif; color: #3d4452; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8.5pt system-ui, sans-serif; color: #3d4452; }
}`;
}

/** True once every chart has drawn: the PDF renderer waits for it before printing. */
function usePrintReady(figures: number): [React.RefObject<HTMLElement>, boolean] {
  const ref = useRef<HTMLElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let frame = 0;
    const check = () => {
      const drawn = ref.current?.querySelectorAll('.report-figure .chart__svg').length ?? 0;
      if (drawn >= figures) setReady(true);
      else frame = requestAnimationFrame(check);
    };
    frame = requestAnimationFrame(check);
    return () => cancelAnimationFrame(frame);
  }, [figures]);
  return [ref, ready];
}

function Section({ section, report }: { section: ReportSection; report: Report }) {
  const trend = section.trend;
  return (
    <section className="report-section" aria-labelledby={`section-${section.id}`}>
      <h2 id={`section-${section.id}`}>{section.title}</h2>
      <p className="report-intro">{section.intro}</p>
      <MeasuresTable caption={`${section.title}, ${report.period.short}`} rows={section.rows} period={report.period} comparisons={report.comparisons} />
      {trend && (
        <figure className="report-figure">
          <figcaption className="report-figure__title">
            {trend.label}, by {report.period.grain === 'quarter' ? 'quarter' : 'fiscal year'}
          </figcaption>
          <TrendChart
            title={trend.label}
            unit={trend.unit}
            decimals={trend.decimals}
            points={trend.points.map((p) => chartPoint(p.label, p.value, trend.unit, trend.decimals))}
            width={640}
            height={150}
          />
          <TrendValues metric={trend} points={trend.points} />
          <p className="report-figure__note">
            Gaps are periods without a released value: suppressed periods carry the hatched mark, and a dash means none was published.
          </p>
        </figure>
      )}
      {section.bySite && <SiteTable {...section.bySite} />}
    </section>
  );
}

export function FunderReport({ report }: { report: Report }) {
  const figures = report.sections.filter((s) => s.trend).length;
  const [ref, ready] = usePrintReady(figures);
  const r = report.release;
  return (
    <article className="report" ref={ref} data-print-ready={ready ? 'true' : 'false'} aria-labelledby="report-title">
      <style dangerouslySetInnerHTML={{ __html: pageStyle(report) }} />
      <header className="report-cover">
        <p className="report-eyebrow">Peer support outcomes · funder report</p>
        <h1 id="report-title">{report.program}</h1>
        <p className="report-period">{report.period.label}</p>
        <dl className="report-facts">
          <dt>Release</dt>
          <dd className="mono">{r.id}</dd>
          <dt>Published</dt>
          <dd>{formatDateTimeUtc(r.createdAt)}</dd>
          <dt>Data</dt>
          <dd>{r.dataFrom && r.dataTo ? `${formatDate(r.dataFrom)} – ${formatDate(r.dataTo)}` : 'dates not recorded'}</dd>
          <dt>Smallest group shown</dt>
          <dd>{r.k} people</dd>
        </dl>
      </header>

      <section className="report-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <MeasuresTable caption={`Key measures, ${report.period.short}`} rows={report.summary} period={report.period} comparisons={report.comparisons} />
        <SuppressionLegend k={r.k} />
        <h3>Notes</h3>
        {report.notes.length > 0 ? (
          <ul className="report-notes">
            {report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        ) : (
          <p>Every measure of this period was released.</p>
        )}
      </section>

      {report.sections.map((s) => (
        <Section key={s.id} section={s} report={report} />
      ))}

      <section className="report-appendix" aria-labelledby="definitions-title">
        <h2 id="definitions-title">Definitions</h2>
        <dl className="report-definitions">
          {report.definitions.map((d) => (
            <div key={d.metric}>
              <dt>{d.label}</dt>
              <dd>{d.plain ?? 'Not defined in this version of the app.'}</dd>
            </div>
          ))}
        </dl>
        <h3>How to read this report</h3>
        <ul>
          <li>Every figure comes from the audited release named in the page header; nothing is computed for this report but the changes between two released figures.</li>
          <li>
            A figure is suppressed when it rests on fewer than {r.k} people, or when it would let such a figure be worked out from the others. Suppressed is never zero;
            a change that needs a suppressed figure is not shown.
          </li>
          <li>Percentages of small groups move a lot with one or two people.</li>
        </ul>
      </section>
    </article>
  );
}
