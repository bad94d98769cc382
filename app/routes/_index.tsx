import { data, type HeadersFunction, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { formatDate, formatDateTimeUtc, formatPeriod } from '~/lib/format';
import { ReleaseReadError, readRelease } from '~/release.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Current release' }];

// Release pages are never stored by shared caches.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

export async function loader() {
  try {
    const result = await readRelease();
    if (result.kind === 'none') {
      return { kind: 'none' as const, dataDir: result.dataDir };
    }
    const m = result.manifest;
    // Only the manifest fields this page shows leave the server.
    return {
      kind: 'release' as const,
      release: {
        releaseId: m.release_id,
        createdAt: m.created_at,
        createdAtText: formatDateTimeUtc(m.created_at),
        k: m.k,
        dataFrom: m.data_from,
        dataTo: m.data_to,
        dataFromText: m.data_from ? formatDate(m.data_from) : null,
        dataToText: m.data_to ? formatDate(m.data_to) : null,
        periodText: formatPeriod(m.data_from, m.data_to),
        status: m.status,
      },
    };
  } catch (error) {
    if (error instanceof ReleaseReadError) {
      console.error(`[release] ${error.message}`, error.cause ?? '');
      throw data(
        {
          message:
            'A release file is in place, but it could not be read: it may be damaged or written by an incompatible pipeline version. ' +
            'The administrator can rebuild it with the pipeline; the server log has the details.',
        },
        { status: 503 },
      );
    }
    throw error;
  }
}

const SYNTH_COMMAND = 'npm run synth -- --scale demo --seed 42 --out data/demo/input';
const PIPELINE_COMMAND =
  'PEER_OUTCOMES_DEMO=1 npm run pipeline -- --input data/demo/input --data data/demo';

function About() {
  return (
    <section className="panel about" aria-labelledby="about-title">
      <h2 id="about-title">About Peer Outcomes</h2>
      <p>
        Peer Outcomes shows peer support programs in mental health and substance-use recovery how
        they are doing: reach and engagement, satisfaction, trust, recovery and professional
        standards. Program managers follow trends, funders read periodic reports, and staff export
        de-identified tables. Every number comes from a release that has passed disclosure control
        first, so no one who was served can be identified by a small count, by comparing two views,
        or by a share of 100% in a small group.
      </p>
    </section>
  );
}

export default function Index() {
  const loaded = useLoaderData<typeof loader>();

  if (loaded.kind === 'none') {
    return (
      <>
        <section className="panel" aria-labelledby="none-title">
          <p className="eyebrow">No release yet</p>
          <h1 id="none-title">There is no release to show</h1>
          <p>
            The server looked for a release in <code>{loaded.dataDir}</code> and found none. Nothing
            is shown until the pipeline has built and audited one.
          </p>
          <h2>For the administrator: build the demo release</h2>
          <ol className="steps">
            <li>
              <p>Generate synthetic program extracts:</p>
              <pre>
                <code>{SYNTH_COMMAND}</code>
              </pre>
            </li>
            <li>
              <p>Run the pipeline, which de-identifies, computes, suppresses, audits and writes the release:</p>
              <pre>
                <code>{PIPELINE_COMMAND}</code>
              </pre>
            </li>
            <li>
              <p>
                Reload this page. The server picks up a new release without a restart. It reads the
                directory named by <code>PEER_OUTCOMES_DATA</code> (default <code>data/demo</code>).
              </p>
            </li>
          </ol>
        </section>
        <About />
      </>
    );
  }

  const r = loaded.release;
  return (
    <>
      <section className="panel" aria-labelledby="release-title">
        <p className="eyebrow">Release manifest</p>
        <h1 id="release-title">Current release</h1>
        <p className="status">{r.status}</p>
        <dl className="facts">
          <div className="fact">
            <dt>Release ID</dt>
            <dd className="mono" data-testid="release-id">{r.releaseId}</dd>
          </div>
          <div className="fact">
            <dt>Created</dt>
            <dd>
              <time dateTime={r.createdAt}>{r.createdAtText}</time>
            </dd>
          </div>
          <div className="fact">
            <dt>Data period</dt>
            <dd data-testid="data-period">
              {r.dataFrom && r.dataTo ? (
                <>
                  <time dateTime={r.dataFrom}>{r.dataFromText}</time>
                  {' – '}
                  <time dateTime={r.dataTo}>{r.dataToText}</time>
                </>
              ) : (
                r.periodText
              )}
            </dd>
          </div>
          <div className="fact">
            <dt>
              Suppression threshold (
              <abbr title="the smallest number of people a published figure may rest on">k</abbr>)
            </dt>
            <dd data-testid="release-k">{r.k}</dd>
          </div>
        </dl>
        <p className="note">
          Any figure based on fewer than {r.k} people is suppressed, together with any figure from
          which it could be worked out.
        </p>
      </section>
      <About />
    </>
  );
}
