// A funder report for one program and one quarter or fiscal year: to read, to
// print from the browser, or to download as PDF (rendered from this very page).
import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { recordPageView } from '~/audit/record.server';
import { NoRelease } from '~/components/NoRelease';
import { FunderReport } from '~/components/report/FunderReport';
import { PdfDownload } from '~/components/report/PdfDownload';
import { noStore } from '~/dashboard/load.server';
import { getEnv } from '~/env.server';
import { reportRequest, requireReports } from '~/reports/load.server';
import { chromiumPath } from '~/reports/pdf.server';
import { buildReport } from '~/reports/report.server';
import reportStyles from '~/styles/report.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportStyles }];
export const headers: HeadersFunction = noStore;
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.kind === 'report' ? `${data.report.program} · ${data.report.period.short} · Peer Outcomes report` : 'Peer Outcomes · Report' },
];

export async function loader(args: LoaderFunctionArgs) {
  const opened = await requireReports(args);
  if (!opened) return { kind: 'none' as const, dataDir: getEnv().PEER_OUTCOMES_DATA };
  const { signed, release, access } = opened;
  const asked = reportRequest(release, access, new URL(args.request.url));
  if (!asked.ok) throw data({ message: asked.message }, { status: asked.status });
  const { program, period } = asked;
  await recordPageView(signed, args.request, args.context, release);
  const pdfUnavailable = !chromiumPath()
    ? 'The PDF download needs Chromium on the server, and this server has none.'
    : !args.context?.selfOrigin
      ? 'The PDF download needs the production server (npm start).'
      : null;
  return { kind: 'report' as const, report: buildReport(release, program, period), pdfUnavailable };
}

export default function ReportPage() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.kind === 'none') return <NoRelease dataDir={loaded.dataDir} />;
  const { report, pdfUnavailable } = loaded;
  return (
    <>
      <nav className="report-toolbar" aria-label="Report">
        <Link to="/reports">← All reports</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        {pdfUnavailable ? (
          <p className="report-toolbar__note">{pdfUnavailable} Use Print, then “Save as PDF”: it gives the same pages.</p>
        ) : (
          <PdfDownload program={report.program} period={report.period.period} />
        )}
      </nav>
      <FunderReport report={report} />
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
