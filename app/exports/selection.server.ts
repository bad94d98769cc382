// An export request's search params (the page and the download share them):
// format, the tables by id, or the whole release (`all=1`). Resolved against
// what the account may export; what it may not is reported, never dropped
// silently, so the routes can refuse it.
import { z } from 'zod';
import type { ProgramAccess } from '~/auth/guards.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import type { CatalogRow, CsvForm } from '../../pipelines/release/format';
import { EXPORT_FORMATS, readCsvForm, type ExportFormat } from './formats';
import { exportableTables } from './scope.server';

const Params = z.object({
  format: z.string().trim().max(20).optional(),
  csv: z.string().trim().max(20).optional(),
  table: z.array(z.string().trim().max(200)).max(2000),
  all: z.string().optional(),
  preview: z.string().optional(),
});

export interface Selection {
  /** null when the request named a format that is not offered. */
  format: ExportFormat | null;
  formatAsked: string | null;
  /** CSV's form (with or without the byte-order mark); null when the request named one that is not offered. */
  csvForm: CsvForm | null;
  csvFormAsked: string | null;
  all: boolean;
  /** Whether the page's Preview was asked for. */
  preview: boolean;
  /** The tables to export, in catalog order. */
  tables: CatalogRow[];
  /** Every table this account may export (what the page lists). */
  exportable: CatalogRow[];
  /** Ids the release's catalog does not have (e.g. a bookmark from an older release). */
  unknown: string[];
  /** Ids in the release but outside this account's scope: always refused. */
  outside: string[];
}

export function readSelection(release: ReleaseSnapshot, access: ProgramAccess, url: URL): Selection {
  const raw = Params.safeParse({
    format: url.searchParams.get('format') ?? undefined,
    csv: url.searchParams.get('csv') ?? undefined,
    table: url.searchParams.getAll('table'),
    all: url.searchParams.get('all') ?? undefined,
    preview: url.searchParams.get('preview') ?? undefined,
  });
  // Too many or too long ids: no table of the release looks like that.
  const p = raw.success ? raw.data : { format: undefined, csv: undefined, table: ['(malformed request)'], all: undefined, preview: '1' };
  const exportable = exportableTables(release, access);
  const allowed = new Set(exportable.map((t) => t.table_id));
  const asked = new Set(p.table.filter((t) => t !== ''));
  const all = p.all === '1';
  const format = p.format === undefined || p.format === '' ? 'csv' : (EXPORT_FORMATS as readonly string[]).includes(p.format) ? (p.format as ExportFormat) : null;
  return {
    format,
    formatAsked: p.format ?? null,
    csvForm: readCsvForm(p.csv),
    csvFormAsked: p.csv ?? null,
    all,
    preview: p.preview === '1' || all || asked.size > 0,
    tables: all ? exportable : exportable.filter((t) => asked.has(t.table_id)),
    exportable,
    unknown: [...asked].filter((id) => !release.hasTable(id)),
    outside: [...asked].filter((id) => release.hasTable(id) && !allowed.has(id)),
  };
}
