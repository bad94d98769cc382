// The page shown while there is no release: nothing to show until the
// pipeline has built and audited one, and how the administrator builds it.
const SYNTH_COMMAND = 'npm run synth -- --scale demo --seed 42 --out data/demo/input';
const PIPELINE_COMMAND = 'PEER_OUTCOMES_DEMO=1 npm run pipeline -- --input data/demo/input --data data/demo';

export function NoRelease({ dataDir }: { dataDir: string }) {
  return (
    <>
      <section className="panel" aria-labelledby="none-title">
        <p className="eyebrow">No release yet</p>
        <h1 id="none-title">There is no release to show</h1>
        <p>
          The server looked for a release in <code>{dataDir}</code> and found none. Nothing is shown until the pipeline
          has built and audited one.
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
              Reload this page. The server picks up a new release without a restart. It reads the directory named by{' '}
              <code>PEER_OUTCOMES_DATA</code> (default <code>data/demo</code>).
            </p>
          </li>
        </ol>
      </section>
      <section className="panel about" aria-labelledby="about-title">
        <h2 id="about-title">About Peer Outcomes</h2>
        <p>
          Peer Outcomes shows peer support programs in mental health and substance-use recovery how they are doing: reach
          and engagement, satisfaction, trust, recovery and professional standards. Program managers follow trends,
          funders read periodic reports, and staff export de-identified tables. Every number comes from a release that
          has passed disclosure control first, so no one who was served can be identified by a small count, by comparing
          two views, or by a share of 100% in a small group.
        </p>
      </section>
    </>
  );
}
