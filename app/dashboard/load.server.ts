// What every dashboard loader starts with: the current release, or null when
// there is none yet. A release that exists but cannot be read is a 503 with a
// message for the administrator, never a page of partial numbers.
import { data } from '@remix-run/node';
import { ReleaseReadError, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';

export async function loadRelease(): Promise<ReleaseSnapshot | null> {
  try {
    const result = await readRelease();
    return result.kind === 'release' ? result.release : null;
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

/** The release facts every page shows in its footnotes and legends. */
export function releaseInfo(release: ReleaseSnapshot) {
  return { releaseId: release.id, createdAt: release.manifest.created_at, k: release.k, dataTo: release.manifest.data_to };
}

/** Data pages are never stored by shared caches or the browser's cache. */
export const noStore = () => ({ 'Cache-Control': 'private, no-store' });
