// A funder report as PDF: headless Chromium prints the report page itself, as
// the requesting user (app/reports/pdf.server.ts). Audited as an export once
// the PDF exists.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { recordEvent } from '~/audit/record.server';
import { sessionCookieOf } from '~/auth/session.server';
import { downloadResponse, plainResponse, resourceLoader } from '~/lib/responses';
import { reportHref } from '~/reports/href';
import { reportRequest, requireReports } from '~/reports/load.server';
import { PdfBusyError, PdfUnavailableError, renderPdf } from '~/reports/pdf.server';

const PRINT_INSTEAD = 'Print the report page from your browser instead (Print, then “Save as PDF”): it gives the same pages.';

export const loader = resourceLoader(async (args: LoaderFunctionArgs) => {
  const { request, context } = args;
  const opened = await requireReports(args, { resource: true });
  if (!opened) return plainResponse(404, 'There is no release yet, so there is no report to download.');
  const { signed, release, access } = opened;
  const url = new URL(request.url);
  const asked = reportRequest(release, access, url);
  if (!asked.ok) return plainResponse(asked.status, asked.message);
  const { program, period, paper } = asked;
  const cookie = sessionCookieOf(request);
  if (!context?.selfOrigin || !cookie) return plainResponse(503, `The PDF download needs the production server (npm start). ${PRINT_INSTEAD}`);
  let pdf: Buffer;
  try {
    pdf = await renderPdf({ url: context.selfOrigin + reportHref(program, period.period), cookie, paper, readySelector: '.report', signal: request.signal });
  } catch (error) {
    if (error instanceof PdfUnavailableError) return plainResponse(503, `${error.message} ${PRINT_INSTEAD}`);
    if (error instanceof PdfBusyError) return plainResponse(503, `${error.message} Try again in a minute, or: ${PRINT_INSTEAD}`);
    console.error('[report pdf]', error);
    return plainResponse(500, `The PDF could not be made; the server log has the details. ${PRINT_INSTEAD}`);
  }
  await recordEvent(signed.user.email, context, {
    action: 'export',
    target: url.pathname + url.search,
    details: { release: release.id, format: 'pdf', program, period: period.period, paper, bytes: pdf.length },
  });
  return downloadResponse(new Uint8Array(pdf), `peer-outcomes-report_${program}_${period.period}_${release.id}.pdf`, 'application/pdf');
});
