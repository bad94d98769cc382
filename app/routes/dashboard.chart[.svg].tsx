// "Download image" under a dashboard chart: an SVG drawn on the server from the
// same released cells as "Download data", with its title, scale and a source
// line naming the release. Guarded and audited like its page and every export.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { chartFileName, requireChartDownload } from '~/dashboard/chart-download.server';
import { chartSvg } from '~/dashboard/chart-image.server';
import { downloadResponse } from '~/lib/responses';

export async function loader(args: LoaderFunctionArgs) {
  const found = await requireChartDownload(args, 'svg');
  if (found instanceof Response) return found;
  const { release, chart, query } = found;
  const svg = chartSvg(chart, { id: release.id, createdAt: release.manifest.created_at, k: release.k });
  return downloadResponse(svg, chartFileName(release, query, 'svg'), 'image/svg+xml; charset=utf-8');
}
