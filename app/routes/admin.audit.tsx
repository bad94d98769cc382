// The audit trail, newest first, with filters, a check of its hash chain, and
// its own export (admin.audit[.csv].tsx).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { auditFilter } from '~/audit/filter.server';
import { AUDIT_ACTIONS, listAudit, verifyChain } from '~/audit/trail.server';
import { requireCsrf } from '~/auth/csrf.server';
import { requireRole } from '~/auth/guards.server';
import { CsrfInput } from '~/components/CsrfInput';
import { TableScroll } from '~/components/TableScroll';
import { formatDateTimeUtc } from '~/lib/format';
import { appStore } from '~/store/app-store.server';

const PAGE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  const url = new URL(request.url);
  const { query, filter } = auditFilter(url);
  const entries = await listAudit(await appStore(), { ...filter, beforeSeq: query.before, limit: PAGE + 1 });
  const older = entries.length > PAGE ? entries[PAGE - 1]!.seq : null;
  const params = new URLSearchParams(url.search);
  params.delete('before');
  return { query, entries: entries.slice(0, PAGE), older, filterSearch: params.toString(), actions: AUDIT_ACTIONS };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, 'admin');
  await requireCsrf(request);
  return { verdict: await verifyChain(await appStore()) };
}

export default function AuditTrail() {
  const d = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const v = checked?.verdict;
  return (
    <section aria-labelledby="audit-title">
      <header className="page-head">
        <h1 id="audit-title">Audit trail</h1>
        <p>
          Every sign-in, data page view, export and administrative change, in order. Each entry carries the hash of the
          one before, so an edited or removed entry breaks the chain from there on.
        </p>
      </header>
      <div className="panel">
        <Form method="post" className="button-row">
          <CsrfInput />
          <button type="submit" className="button button--secondary">
            Check the chain
          </button>
          {v && (
            <p role="status" className={v.ok ? '' : 'form-error'}>
              {v.ok
                ? `Intact: ${v.entries.toLocaleString('en-US')} entries; head ${v.head.slice(0, 16)}…`
                : `Broken at entry ${v.broken.seq}: ${v.broken.reason}.`}
            </p>
          )}
        </Form>
      </div>
      <Form method="get" className="filters" aria-label="Audit filters">
        <div className="filters__field">
          <label htmlFor="a-actor">Who (email)</label>
          <input id="a-actor" name="actor" type="text" defaultValue={d.query.actor ?? ''} />
        </div>
        <div className="filters__field">
          <label htmlFor="a-action">What</label>
          <select id="a-action" name="action" defaultValue={d.query.action ?? ''}>
            <option value="">Any action</option>
            {d.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="a-from">From (UTC day)</label>
          <input id="a-from" name="from" type="date" defaultValue={d.query.from ?? ''} />
        </div>
        <div className="filters__field">
          <label htmlFor="a-to">To (UTC day)</label>
          <input id="a-to" name="to" type="date" defaultValue={d.query.to ?? ''} />
        </div>
        <button type="submit" className="button">
          Show
        </button>
        <a className="button button--secondary" href={`/admin/audit.csv${d.filterSearch ? `?${d.filterSearch}` : ''}`} download>
          Export CSV
        </a>
      </Form>
      <div className="panel">
        <TableScroll label="Audit entries">
          <table className="data-table">
            <caption>{d.entries.length === 0 ? 'No entries match.' : `Entries ${d.entries[d.entries.length - 1]!.seq}–${d.entries[0]!.seq}, newest first`}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">About</th>
                <th scope="col">Address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td>{formatDateTimeUtc(e.at)}</td>
                  <td>{e.actor}</td>
                  <td className="mono">{e.action}</td>
                  <td className="wrap">{e.target}</td>
                  <td className="mono">{e.address}</td>
                  <td className="mono wrap">{e.details === '{}' ? '' : e.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {d.older && (
          <p>
            <Link to={`?${new URLSearchParams([...new URLSearchParams(d.filterSearch), ['before', String(d.older)]]).toString()}`}>Older entries</Link>
          </p>
        )}
      </div>
    </section>
  );
}
