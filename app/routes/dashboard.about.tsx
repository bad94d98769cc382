import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Fragment } from 'react';
import { SuppressedIcon } from '~/components/ReleasedNumber';
import { definitionOf } from '~/dashboard/definitions';
import { noStore, requireDashboardPage } from '~/dashboard/load.server';
import { PAGES } from '~/dashboard/pages';
import { formatDate, formatDateTimeUtc, formatNumber, formatPeriod, MONTH_NAMES, parseDateTimeUtc, unitText } from '~/lib/format';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · About this data' }];
export const headers: HeadersFunction = noStore;


export async function loader(args: LoaderFunctionArgs) {
  const opened = await requireDashboardPage(args);
  if (!opened) return { kind: 'none' as const };
  const { release } = opened;
  const m = release.manifest;
  const families = PAGES.filter((p) => p.family).map((p) => ({
    title: p.title,
    metrics: release
      .metrics()
      .filter((x) => x.family === p.family)
      .map((x) => ({ id: x.id, label: x.label, unit: unitText(x.unit), privacyUnit: x.privacyUnit, definition: definitionOf(x.id) })),
  }));
  const created = parseDateTimeUtc(m.created_at);
  return {
    kind: 'release' as const,
    release: {
      releaseId: m.release_id,
      createdAt: m.created_at,
      createdAtText: formatDateTimeUtc(m.created_at),
      daysSinceCreated: Number.isNaN(created) ? null : Math.floor((Date.now() - created) / 86_400_000),
      k: m.k,
      protectionLevel: m.protection_level,
      fiscalYearStart: MONTH_NAMES[m.fiscal_year_start_month - 1] ?? String(m.fiscal_year_start_month),
      dataFrom: m.data_from,
      dataTo: m.data_to,
      dataFromText: m.data_from ? formatDate(m.data_from) : null,
      dataToText: m.data_to ? formatDate(m.data_to) : null,
      periodText: formatPeriod(m.data_from, m.data_to),
      tables: m.tables,
      cellsReleased: formatNumber(m.cells_released),
      cellsSuppressed: formatNumber(m.cells_suppressed),
      status: m.status,
    },
    families,
  };
}

/** An exact rule with `code` spans set as code. */
function ExactRule({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}

export default function About() {
  const data = useLoaderData<typeof loader>();
  if (data.kind !== 'release') return null;
  const r = data.release;
  return (
    <>
      <header className="page-head">
        <h1>About this data</h1>
        <p>Where these numbers come from, how they are protected, and what each one means.</p>
      </header>
      <section className="panel" aria-labelledby="release-title">
        <h2 id="release-title">This release</h2>
        <p className="status">{r.status}</p>
        <dl className="facts">
          <div className="fact">
            <dt>Release ID</dt>
            <dd className="mono" data-testid="release-id">
              {r.releaseId}
            </dd>
          </div>
          <div className="fact">
            <dt>Built</dt>
            <dd>
              <time dateTime={r.createdAt}>{r.createdAtText}</time>
              {r.daysSinceCreated !== null && r.daysSinceCreated > 0 ? ` (${r.daysSinceCreated} days ago)` : ''}
            </dd>
          </div>
          <div className="fact">
            <dt>Data period</dt>
            <dd data-testid="data-period">
              {r.dataFrom && r.dataTo ? (
                <>
                  <time dateTime={r.dataFrom}>{r.dataFromText}</time>
                  {' – '}
                  <time dateTime={r.dataTo}>{r.dataToText}</time>
                </>
              ) : (
                r.periodText
              )}
            </dd>
          </div>
          <div className="fact">
            <dt>
              Suppression threshold (<abbr title="the smallest number of people a published figure may rest on">k</abbr>)
            </dt>
            <dd data-testid="release-k">{r.k}</dd>
          </div>
          <div className="fact">
            <dt>Cells released / suppressed</dt>
            <dd>
              {r.cellsReleased} / {r.cellsSuppressed} in {r.tables} tables
            </dd>
          </div>
          <div className="fact">
            <dt>Fiscal year starts</dt>
            <dd>{r.fiscalYearStart}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="suppression-title">
        <h2 id="suppression-title">What “suppressed” means</h2>
        <p>
          <SuppressedIcon /> A figure based on fewer than {r.k} people is not shown. Neither is any figure from which it could be
          worked out: a total minus its other parts, the same group in a neighbouring table, or two periods or filters
          subtracted. Before the release was written, an independent check tried every such calculation and confirmed
          that no hidden count can be narrowed to a range narrower than {r.protectionLevel}.
        </p>
        <p>
          A share of 0% or 100%, or an average where everyone gave the same answer, is also hidden for sensitive measures
          (satisfaction, trust and recovery), because it would tell each person's answer.
        </p>
        <p>
          Suppressed values are marked as suppressed on every chart and table, never shown as 0 and never bridged by a
          line. A value the release does not have is marked by what it means: “no one” (nobody was in that group in that
          period), “not yet” (the period is not complete, or not followed up for long enough) or “not published” (the
          release does not publish that figure). A change against the prior period is shown only when both values are
          released.
        </p>
        <p>
          Charts never zoom in on their data: an average score is drawn on its instrument's whole scale, a percentage from
          0 to 100%, and counts, rates and days from zero. Each chart says which scale it uses.
        </p>
        <p>
          Only a fixed set of tables is released (each measure by month, quarter or year, for all programs, each program,
          and some finer groups at coarser periods). Every number on these pages is one of those released values; nothing
          is calculated when you open a page.
        </p>
      </section>
      <section className="panel" aria-labelledby="definitions-title">
        <h2 id="definitions-title">Definitions</h2>
        {data.families.map((f) => (
          <Fragment key={f.title}>
            <h3>{f.title}</h3>
            <dl className="definitions">
              {f.metrics.map((x) => (
                <div key={x.id} id={`def-${x.id}`}>
                  <dt>
                    {x.label} <span className="unit">({x.unit}{x.privacyUnit === 'staff' ? ', counted over staff' : ''})</span>
                  </dt>
                  {x.definition ? (
                    <dd>
                      <p>{x.definition.plain}</p>
                      <p>
                        <strong>How it is computed.</strong> {x.definition.how}
                      </p>
                      <details className="exact-rule">
                        <summary>The exact rule</summary>
                        <p>
                          <ExactRule text={x.definition.exact} />
                        </p>
                      </details>
                    </dd>
                  ) : (
                    <dd>No definition recorded.</dd>
                  )}
                </div>
              ))}
            </dl>
          </Fragment>
        ))}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
