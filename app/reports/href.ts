// Report addresses, for links on the server and in the browser.
import type { Paper } from './paper';

/** The address of a report page (and, with `.pdf`, of its PDF). */
export function reportHref(program: string, period: string, opts: { pdf?: Paper } = {}): string {
  const params = new URLSearchParams({ program, period });
  if (opts.pdf) params.set('paper', opts.pdf);
  return `/reports/program${opts.pdf ? '.pdf' : ''}?${params}`;
}
