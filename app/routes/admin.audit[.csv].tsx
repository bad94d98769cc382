// The audit trail's export: the filtered entries as CSV, hashes included so the
// chain can be checked outside the app. The export itself is audited.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditFilter } from '~/audit/filter.server';
import { recordEvent } from '~/audit/record.server';
import { listAudit } from '~/audit/trail.server';
import { requireRole } from '~/auth/guards.server';
import { appStore } from '~/store/app-store.server';
import { downloadResponse, resourceLoader } from '~/lib/responses';
import { csvText } from '../../pipelines/release/format';

const COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'address', 'details', 'prev_hash', 'hash'] as const;

// csvText (the release format's CSV encoding, shared with the exports) quotes
// per RFC 4180 and neutralises a leading = + - @ tab or CR, which a
// spreadsheet would run as a formula. (No field the app writes starts so:
// paths start with /, details with {.)
const csvField = (value: string | number) => csvText(String(value));

export const loader = resourceLoader(async ({ request, context }: LoaderFunctionArgs) => {
  const signed = await requireRole(request, 'admin', { resource: true });
  const { filter } = auditFilter(new URL(request.url));
  const entries = (await listAudit(await appStore(), filter)).reverse();
  await recordEvent(signed.user.email, context, { action: 'audit.exported', target: '/admin/audit.csv', details: { entries: entries.length } });
  const lines = [COLUMNS.join(','), ...entries.map((e) => COLUMNS.map((c) => csvField(e[c])).join(','))];
  return downloadResponse(`${lines.join('\r\n')}\r\n`, `audit-trail-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv; charset=utf-8');
});
