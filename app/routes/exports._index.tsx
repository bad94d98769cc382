// The export page (analysts): choose tables and a format, preview exactly what
// will leave, then download. Every choice is in the URL (a GET form), so a
// preview can be bookmarked and its Download link carries the same selection
// to the resource route (exports.download.tsx), which writes the same tables.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Fragment } from 'react';
import { recordPageView } from '~/audit/record.server';
import { forbid, requireProgramAccess, requireRole } from '~/auth/guards.server';
import { FormErrors } from '~/components/FormErrors';
import { NoRelease } from '~/components/NoRelease';
import { Notices } from '~/components/Notices';
import { SuppressedIcon } from '~/components/ReleasedNumber';
import { TableScroll } from '~/components/TableScroll';
import { loadRelease, noStore } from '~/dashboard/load.server';
import { PAGES } from '~/dashboard/pages';
import { pageMetrics } from '~/dashboard/view.server';
import { getEnv } from '~/env.server';
import { CSV_FORM_INFO, EXPORT_FORMATS, FORMAT_INFO, PREVIEW_ROWS } from '~/exports/formats';
import { CSV_FORMS, EXPORT_COLUMNS } from '../../pipelines/release/format';
import { breakdownText, buildPreview } from '~/exports/preview.server';
import { scopeText } from '~/exports/scope.server';
import { readSelection } from '~/exports/selection.server';
import { formatDateTimeUtc, formatNumber } from '~/lib/format';
import { GRAINS } from '~/release/snapshot.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Exports' }];
export const headers: HeadersFunction = noStore;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signed = await requireRole(request, 'analyst');
  const release = await loadRelease();
  if (!release) return { kind: 'none' as const, dataDir: getEnv().PEER_OUTCOMES_DATA };
  const access = await requireProgramAccess(signed, release, request);
  const url = new URL(request.url);
  const selection = readSelection(release, access, url);
  if (selection.outside.length > 0) {
    await forbid(signed, request, 'export table outside the account', 'Your account may not export a table this request asked for.');
  }
  await recordPageView(signed, request, context, release);

  const notices: string[] = [];
  if (selection.unknown.length > 0) {
    notices.push(
      `${selection.unknown.length === 1 ? 'One table asked for is' : `${selection.unknown.length} tables asked for are`} not in this release (${selection.unknown.join(', ')}); ${selection.unknown.length === 1 ? 'it is' : 'they are'} left out.`,
    );
  }
  if (!selection.format) notices.push(`“${selection.formatAsked}” is not a format on offer; showing CSV.`);
  const format = selection.format ?? 'csv';
  if (!selection.csvForm) notices.push(`“${selection.csvFormAsked}” is not a CSV form on offer; showing CSV for spreadsheets.`);
  const csvForm = selection.csvForm ?? 'bom';
  const errors = selection.preview && selection.tables.length === 0 ? ['Choose at least one table, or the whole release.'] : [];

  // The chooser: families in the dashboard's order, metrics in their page's order.
  const chosen = new Set(selection.all ? [] : selection.tables.map((t) => t.table_id));
  const byMetric = new Map<string, typeof selection.exportable>();
  for (const t of selection.exportable) byMetric.set(t.metric, [...(byMetric.get(t.metric) ?? []), t]);
  const families = PAGES.filter((p) => p.family)
    .map((p) => ({ title: p.title, metrics: pageMetrics(release, p) }))
    .concat([{ title: 'Other', metrics: release.metrics().filter((m) => !PAGES.some((p) => p.family === m.family)).map((m) => m.id) }])
    .map((f) => ({
      title: f.title,
      metrics: f.metrics
        .filter((m) => byMetric.has(m))
        .map((m) => ({
          id: m,
          label: release.metric(m)?.label ?? m,
          unit: fileUnit(release.metric(m)?.unit ?? ''),
          tables: byMetric
            .get(m)!
            .map((t) => ({ id: t.table_id, label: breakdownText(t), checked: chosen.has(t.table_id), order: `${GRAINS.indexOf(t.period_grain)}:${breakdownRank(t.dimension)}` }))
            .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)),
        })),
    }))
    .filter((f) => f.metrics.length > 0);

  const preview = selection.tables.length > 0 ? buildPreview(release, access, selection.tables, format, csvForm) : null;
  const download = new URLSearchParams({ format });
  if (format === 'csv' && csvForm !== 'bom') download.set('csv', csvForm);
  if (selection.all) download.set('all', '1');
  else for (const t of selection.tables) download.append('table', t.table_id);

  return {
    kind: 'release' as const,
    release: { id: release.id, createdAt: formatDateTimeUtc(release.manifest.created_at), k: release.k },
    scope: access.whole ? 'all programs' : scopeText(access),
    format,
    csvForm,
    all: selection.all,
    exportableCount: selection.exportable.length,
    families,
    notices,
    errors,
    preview,
    downloadHref: preview ? `/exports/download?${download.toString()}` : null,
  };
}

/** Breakdowns in the order the dashboard offers them: all programs, program, site, then the rest by name. */
const breakdownRank = (dimension: string) => ['total', 'program', 'site'].indexOf(dimension) + 1 || `9${dimension}`;

/** What the file's numbers are in (the file holds proportions as 0–1, not percentages). */
const fileUnit = (unit: string) => (unit === 'proportion' ? 'proportions from 0 to 1' : unit);

const CONTROL_PICTURES: Record<string, string> = { '\t': '␉', '\r': '␍', '\n': '␊' };

/** Text as the file carries it, with tabs and line breaks drawn as their control pictures. */
function FileText({ text }: { text: string }) {
  return (
    <>
      {text.split(/([\t\r\n])/).map((part, i) =>
        CONTROL_PICTURES[part] ? (
          <abbr key={i} className="control-char" title={{ '\t': 'tab', '\r': 'carriage return', '\n': 'line feed' }[part]}>
            {CONTROL_PICTURES[part]}
          </abbr>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function Exports() {
  const d = useLoaderData<typeof loader>();
  if (d.kind === 'none') return <NoRelease dataDir={d.dataDir} />;
  const p = d.preview;
  const typed = d.format !== 'csv';
  return (
    <>
      <header className="page-head">
        <h1>Exports</h1>
        <p>
          Released tables of release <span className="mono">{d.release.id}</span> ({d.release.createdAt}) for{' '}
          <span className="page-head__scope">{d.scope}</span>, as CSV, Parquet or Arrow, in a zip with a manifest. Every
          download is recorded in the audit trail.
        </p>
      </header>
      <Notices notices={d.notices} />

      {p && d.downloadHref && (
        <section className="panel export-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">What will leave</h2>
          <p data-testid="preview-summary">
            {formatNumber(p.totals.tables)} {p.totals.tables === 1 ? 'table' : 'tables'}, {formatNumber(p.totals.rows)} rows:{' '}
            {formatNumber(p.totals.released)} released, {formatNumber(p.totals.suppressed)} suppressed; {FORMAT_INFO[d.format].label}
            {d.format === 'csv' ? ` ${CSV_FORM_INFO[d.csvForm].short}` : ''}, in <span className="mono">{p.filename}</span>.
          </p>
          <p className="button-row">
            <a className="button" href={d.downloadHref} download={p.filename} data-testid="download">
              Download {FORMAT_INFO[d.format].label} zip
            </a>
          </p>
          {p.tables.map((t, i) => (
            <details key={t.file} className="export-table" open={i < 3}>
              <summary>
                <span className="mono">{t.file}</span> — {t.label}, {t.breakdown}: {formatNumber(t.rows)} rows ({formatNumber(t.released)} released,{' '}
                {formatNumber(t.suppressed)} suppressed)
              </summary>
              {/* Above the table, not its caption: a caption is as wide as the table, which scrolls at narrow widths. */}
              <p className="note">
                {t.rows === 0
                  ? 'No rows: this table has no cells for the programs you may export.'
                  : t.rows > PREVIEW_ROWS
                    ? `The first ${PREVIEW_ROWS} of ${formatNumber(t.rows)} rows; ${formatNumber(t.rows - PREVIEW_ROWS)} more in the file.`
                    : `All ${formatNumber(t.rows)} rows.`}{' '}
                Values in {fileUnit(t.unit)}, as the file carries them.
              </p>
              <TableScroll label={`${t.file}: ${t.label}, ${t.breakdown}`}>
                <table className="data-table" aria-label={`${t.file}: ${t.label}, ${t.breakdown}`}>
                  <thead>
                    <tr>
                      {EXPORT_COLUMNS.map((c) => (
                        <th key={c} scope="col" className={c === 'value' ? 'num mono' : 'mono'}>
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.first.map(([period, value, number, status]) => (
                      <tr key={`${period}\u0000${value}`}>
                        {[t.fixed[0], t.fixed[1], t.fixed[2], period, t.fixed[3], value].map((s, j) => (
                          <td key={j} className="mono">
                            <FileText text={s} />
                          </td>
                        ))}
                        <td className="num mono">
                          {number === null ? (
                            <span className="value value--suppressed" data-status="suppressed">
                              <SuppressedIcon />
                              <span>{typed ? 'null' : 'suppressed'}</span>
                            </span>
                          ) : (
                            number
                          )}
                        </td>
                        <td className="mono">{status}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </details>
          ))}
          <h3>manifest.json</h3>
          <dl className="manifest-fields">
            {p.manifest.map((m) => (
              <div key={m.label}>
                <dt className="mono">{m.label}</dt>
                <dd>{m.value}</dd>
              </div>
            ))}
          </dl>
          <p className="legend-suppressed">
            <SuppressedIcon /> suppressed: fewer than {d.release.k} people, or a figure from which such a number could be worked out.{' '}
            {typed ? 'The file’s value is null and its status “suppressed”.' : 'The file’s value is the word “suppressed”, never 0 or blank.'}{' '}
            {typed ? '' : 'Text starting with = + - @ (also after spaces, or full-width), a tab or a carriage return carries a leading apostrophe, so no spreadsheet runs it as a formula.'}
          </p>
        </section>
      )}

      <Form method="get" className="panel export-form" aria-labelledby="choose-title">
        <h2 id="choose-title">{p ? 'Change the selection' : 'Choose what to export'}</h2>
        <FormErrors errors={d.errors} id="export-errors" />
        <fieldset className="choices choices--inline">
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f}>
              <input type="radio" name="format" value={f} defaultChecked={f === d.format} /> {FORMAT_INFO[f].label}
            </label>
          ))}
        </fieldset>
        <fieldset className="choices">
          <legend>CSV encoding (UTF-8)</legend>
          {CSV_FORMS.map((f) => (
            <label key={f}>
              <input type="radio" name="csv" value={f} defaultChecked={f === d.csvForm} /> {CSV_FORM_INFO[f].label}
            </label>
          ))}
          <p className="note">Excel reads accented names and dashes right only with the byte-order mark. Parquet and Arrow are unaffected.</p>
        </fieldset>
        <fieldset className="choices">
          <legend>Tables</legend>
          <label>
            <input type="checkbox" name="all" value="1" defaultChecked={d.all} /> Whole release (all {d.exportableCount} tables you may export)
          </label>
          <p className="note">Or choose tables by metric, period grain and breakdown:</p>
          {d.families.map((f) => (
            <div key={f.title} className="export-family">
              <h3>{f.title}</h3>
              {f.metrics.map((m) => (
                <fieldset key={m.id} className="export-metric">
                  <legend>
                    {m.label} <span className="unit">({m.unit})</span>
                  </legend>
                  {m.tables.map((t) => (
                    <label key={t.id}>
                      <input type="checkbox" name="table" value={t.id} defaultChecked={t.checked} /> {t.label}
                    </label>
                  ))}
                </fieldset>
              ))}
            </div>
          ))}
        </fieldset>
        <p className="button-row">
          <button type="submit" name="preview" value="1" className="button" aria-describedby={d.errors.length ? 'export-errors' : undefined}>
            Preview
          </button>
        </p>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
