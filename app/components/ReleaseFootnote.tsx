import { formatDate } from '~/lib/format';

/** Under every chart and table: which release the numbers come from. */
export function ReleaseFootnote({ releaseId, createdAt }: { releaseId: string; createdAt: string }) {
  return (
    <p className="footnote">
      Source: release <span className="mono">{releaseId}</span> of {formatDate(createdAt.slice(0, 10))}.
    </p>
  );
}
