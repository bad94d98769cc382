// Under a chart: take it away. "Download data" is a CSV of exactly the released
// cells the chart shows; "Download image" an SVG of it with its title and the
// release it comes from. Both are plain links to resource routes (they work
// without JavaScript) that rebuild the chart from the page's own URL, behind
// the page's guards, and are audited as exports.
import { useInRouterContext, useLocation } from '@remix-run/react';
import { PAGES } from '~/dashboard/pages';
import { VIEW_PARAMS } from '~/dashboard/view';

type Props = { chart: string; part: 'trend' | 'breakdown'; title: string };

/** The links need the page's URL: outside a router (a section rendered on its own) there are none. */
export function ChartDownloads(props: Props) {
  return useInRouterContext() ? <Links {...props} /> : null;
}

function Links({ chart, part, title }: Props) {
  const location = useLocation();
  const page = PAGES.find((p) => p.path === location.pathname.replace(/\/$/, ''));
  if (!page) return null;
  const current = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const k of VIEW_PARAMS) {
    const v = current.get(k);
    if (v) query.set(k, v);
  }
  query.set('page', page.id);
  query.set('chart', chart);
  query.set('part', part);
  return (
    <p className="chart-downloads">
      <a href={`/dashboard/chart.csv?${query}`} download>
        Download data<span className="sr-only">: {title}</span> (CSV)
      </a>
      <a href={`/dashboard/chart.svg?${query}`} download>
        Download image<span className="sr-only">: {title}</span> (SVG)
      </a>
    </p>
  );
}
