// The export download: a zip of the chosen tables (or, with all=1, of every
// table the account may export) in one format, streamed, with manifest.json
// last. Guards first (analyst, then program access); any table outside what
// the account may export is refused as a whole with an audited 403 that names
// nothing; the audit entry is written before the first byte leaves.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { recordEvent } from '~/audit/record.server';
import { forbid, requireProgramAccess, requireRole } from '~/auth/guards.server';
import { definitionOf } from '~/dashboard/definitions';
import { loadRelease } from '~/dashboard/load.server';
import { prepareExport, zipStream } from '~/exports/package.server';
import { readSelection } from '~/exports/selection.server';
import { downloadResponse, plainResponse, resourceLoader } from '~/lib/responses';

export const loader = resourceLoader(async ({ request, context }: LoaderFunctionArgs) => {
  const signed = await requireRole(request, 'analyst', { resource: true });
  const release = await loadRelease();
  if (!release) return plainResponse(404, 'There is no release yet: nothing can be exported until the pipeline has published one.');
  const access = await requireProgramAccess(signed, release, request);
  const url = new URL(request.url);
  const selection = readSelection(release, access, url);
  // Unknown and out-of-scope ids are refused alike: the answer says nothing of what exists.
  if (selection.outside.length > 0 || selection.unknown.length > 0) {
    await forbid(signed, request, 'export table outside the account', 'Your account may not export a table this request asked for.');
  }
  if (!selection.format) return plainResponse(400, 'Choose a format: csv, parquet or arrow.');
  if (!selection.csvForm) return plainResponse(400, 'Choose a CSV form: csv=bom (for spreadsheets, the default) or csv=plain (without byte-order mark, for scripts).');
  if (selection.tables.length === 0) return plainResponse(400, 'Choose at least one table, or the whole release (all=1).');

  const prepared = prepareExport({
    release,
    access,
    tables: selection.tables,
    format: selection.format,
    csvForm: selection.csvForm,
    definition: (metric) => definitionOf(metric)?.exact ?? null,
  });
  await recordEvent(signed.user.email, context, { action: 'export', target: url.pathname + url.search, details: { ...prepared.summary } });
  const body = zipStream(prepared, (error) => console.error(`[export] ${url.pathname + url.search} failed while streaming`, error));
  return downloadResponse(body, prepared.filename, 'application/zip');
});
