// The audit trail's filters, from a URL: the admin screen and its export read the same ones.
import { z } from 'zod';
import { AUDIT_ACTIONS } from './trail.server';

const day = z.iso.date().optional().catch(undefined);
const AuditQuery = z.object({
  actor: z.string().trim().max(254).optional().catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** The filters of an audit URL as a store filter (`to` includes its whole day). */
export function auditFilter(url: URL) {
  const q = AuditQuery.parse(Object.fromEntries(url.searchParams));
  const next = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : undefined;
  return { query: q, filter: { actor: q.actor || undefined, action: q.action, from: q.from, to: next } };
}

