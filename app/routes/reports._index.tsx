// The reports of the programs one may see: choose a program and a quarter or
// fiscal year; the latest complete ones are a click away.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { recordPageView } from '~/audit/record.server';
import { NoRelease } from '~/components/NoRelease';
import { noStore } from '~/dashboard/load.server';
import { getEnv } from '~/env.server';
import { reportHref } from '~/reports/href';
import { requireReports } from '~/reports/load.server';
import { reportPeriods } from '~/reports/report.server';
import reportStyles from '~/styles/report.css?url';

// The chooser's styles live with the report's.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }];
export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Reports' }];
export const headers: HeadersFunction = noStore;

export async function loader(args: LoaderFunctionArgs) {
  const opened = await requireReports(args);
  if (!opened) return { kind: 'none' as const, dataDir: getEnv().PEER_OUTCOMES_DATA };
  const { signed, release, access } = opened;
  await recordPageView(signed, args.request, args.context, release);
  const periods = reportPeriods(release);
  const latest = (grain: string) => periods.find((p) => p.grain === grain && p.complete) ?? null;
  return {
    kind: 'release' as const,
    programs: access.programs,
    periods: periods.map((p) => ({ value: p.period, label: `${p.label}${p.complete ? '' : ' — partial'}`, grain: p.grain })),
    latestQuarter: latest('quarter'),
    latestYear: latest('year'),
    releaseId: release.id,
  };
}

export default function Reports() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === 'none') return <NoRelease dataDir={loaded.dataDir} />;
  const { programs, periods, latestQuarter, latestYear } = loaded;
  return (
    <div className="reports">
      <p className="eyebrow">Funder reports</p>
      <h1>Reports</h1>
      <p className="lede">
        A report per program and period: a one-page summary, then reach, engagement, satisfaction and trust, recovery and professional standards, each against
        the prior period and the same period a year earlier. Print it, or download it as PDF.
      </p>
      <section className="panel" aria-labelledby="choose-title">
        <h2 id="choose-title">Open a report</h2>
        <Form method="get" action="/reports/program" className="report-chooser">
          <div className="report-chooser__field">
            <label htmlFor="program">Program</label>
            <select id="program" name="program" defaultValue={programs[0]}>
              {programs.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="report-chooser__field">
            <label htmlFor="period">Period</label>
            <select id="period" name="period" defaultValue={latestQuarter?.period ?? periods[0]?.value}>
              {(
                [
                  ['year', 'Fiscal years'],
                  ['quarter', 'Quarters'],
                ] as const
              ).map(([grain, label]) => (
                <optgroup key={grain} label={label}>
                  {periods
                    .filter((p) => p.grain === grain)
                    .map((p) => (
                      <option key={p.value} value={p.value}>
                        {p.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Open report
          </button>
        </Form>
      </section>
      <section aria-labelledby="latest-title">
        <h2 id="latest-title">Latest complete periods</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Program</th>
              <th scope="col">Quarter{latestQuarter ? `: ${latestQuarter.short}` : ''}</th>
              <th scope="col">Fiscal year{latestYear ? `: ${latestYear.short}` : ''}</th>
            </tr>
          </thead>
          <tbody>
            {programs.map((p) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                <td>{latestQuarter ? <Link to={reportHref(p, latestQuarter.period)}>{latestQuarter.short} report</Link> : 'no complete quarter yet'}</td>
                <td>{latestYear ? <Link to={reportHref(p, latestYear.period)}>{latestYear.short} report</Link> : 'no complete fiscal year yet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
