// A funder report as PDF: headless Chromium prints the report page itself, as
// the requesting user (app/reports/pdf.server.ts). Audited as an export.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { recordEvent } from '~/audit/record.server';
import { sessionCookieOf } from '~/auth/session.server';
import { reportHref } from '~/reports/href';
import { reportRequest, requireReports } from '~/reports/load.server';
import { PdfUnavailableError, renderPdf } from '~/reports/pdf.server';

const plain = (status: number, text: string) => new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export async function loader(args: LoaderFunctionArgs) {
  const { request, context } = args;
  const opened = await requireReports(args, { resource: true });
  if (!opened) return plain(404, 'There is no release yet, so there is no report to download.');
  const { signed, release, access } = opened;
  const { program, period, paper } = reportRequest(release, access, new URL(request.url));
  const cookie = sessionCookieOf(request);
  if (!context?.selfOrigin || !cookie) return plain(503, 'The PDF download needs the production server (npm start). Print the report page from your browser instead (Print, then “Save as PDF”).');
  const url = new URL(request.url);
  await recordEvent(signed.user.email, context, {
    action: 'export',
    target: url.pathname + url.search,
    details: { release: release.id, format: 'pdf', program, period: period.period, paper },
  });
  try {
    const pdf = await renderPdf({ url: context.selfOrigin + reportHref(program, period.period), cookie, paper, readySelector: '.report' });
    const name = `peer-outcomes-report_${program}_${period.period}_${release.id}.pdf`.replace(/[^A-Za-z0-9._-]+/g, '-');
    return new Response(new Uint8Array(pdf), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Content-Length': String(pdf.length),
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof PdfUnavailableError) return plain(503, `${error.message} Print the report page from your browser instead (Print, then “Save as PDF”): it gives the same pages.`);
    console.error('[report pdf]', error);
    return plain(500, 'The PDF could not be made. Print the report page from your browser instead (Print, then “Save as PDF”); the server log has the details.');
  }
}
