// "Download data" under a dashboard chart: the chart's released cells as CSV,
// in the exports' long form and encoding (suppressed as the word). Guarded and
// audited like its page and every export (app/dashboard/chart-download.server.ts).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { chartCsv, chartFileName, requireChartDownload } from '~/dashboard/chart-download.server';
import { downloadResponse } from '~/lib/responses';

export async function loader(args: LoaderFunctionArgs) {
  const found = await requireChartDownload(args, 'csv');
  if (found instanceof Response) return found;
  return downloadResponse(chartCsv(found.chart), chartFileName(found.release, found.query, 'csv'), 'text/csv; charset=utf-8');
}
