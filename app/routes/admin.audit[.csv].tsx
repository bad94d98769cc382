// The audit trail's export: the filtered entries as CSV, hashes included so the
// chain can be checked outside the app. The export itself is audited.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditFilter } from '~/audit/filter.server';
import { recordEvent } from '~/audit/record.server';
import { listAudit } from '~/audit/trail.server';
import { requireRole } from '~/auth/guards.server';
import { readCsvForm } from '~/exports/formats';
import { appStore } from '~/store/app-store.server';
import { downloadResponse, plainResponse, resourceLoader } from '~/lib/responses';
import { csvHeader, csvRecord } from '../../pipelines/release/format';

const COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'address', 'details', 'prev_hash', 'hash'] as const;

// The release format's CSV encoding, shared with the exports: UTF-8 with the
// byte-order mark Excel needs (`?csv=plain` for the byte-exact form), fields
// quoted per RFC 4180 and a leading = + - @ tab or CR neutralised, which a
// spreadsheet would run as a formula. (No field the app writes starts so:
// paths start with /, details with {.)
export const loader = resourceLoader(async ({ request, context }: LoaderFunctionArgs) => {
  const signed = await requireRole(request, 'admin', { resource: true });
  const url = new URL(request.url);
  const form = readCsvForm(url.searchParams.get('csv'));
  if (!form) return plainResponse(400, 'Choose a CSV form: csv=bom (for spreadsheets, the default) or csv=plain (without byte-order mark, for scripts).');
  const { filter } = auditFilter(url);
  const entries = (await listAudit(await appStore(), filter)).reverse();
  await recordEvent(signed.user.email, context, { action: 'audit.exported', target: '/admin/audit.csv', details: { entries: entries.length } });
  const body = csvHeader(COLUMNS, form) + entries.map((e) => csvRecord(COLUMNS.map((c) => String(e[c])))).join('');
  return downloadResponse(body, `audit-trail-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv; charset=utf-8');
});
