// What every dashboard loader starts with: the current release, or null when
// there is none yet. A release that exists but cannot be read is a 503 with a
// message for the administrator, never a page of partial numbers.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { recordPageView } from '~/audit/record.server';
import { requireProgramAccess, requireRole, type ProgramAccess } from '~/auth/guards.server';
import { ReleaseReadError, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { plainResponse } from '~/lib/responses';

export async function loadRelease(): Promise<ReleaseSnapshot | null> {
  try {
    const result = await readRelease();
    return result.kind === 'release' ? result.release : null;
  } catch (error) {
    if (error instanceof ReleaseReadError) {
      console.error(`[release] ${error.message}`, error.cause ?? '');
      // Plain words, so that a download (a resource route) says the same as a page.
      throw plainResponse(503, {
        title: 'The release cannot be shown right now',
        message:
          'A release file is in place, but it could not be read: it may be damaged or written by an incompatible pipeline version.',
        advice: 'The administrator can rebuild it with the pipeline; the server log has the details.',
      });
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

/**
 * The guard of every dashboard page: a program manager (else sign-in or 403),
 * the programs this request may read (else 403), and the view written to the
 * audit trail before any number is looked up. Null when there is no release yet.
 * `whole`: a page of all programs together, for accounts assigned every program.
 */
export async function requireDashboardPage(
  { request, context }: LoaderFunctionArgs,
  opts: { whole?: boolean } = {},
): Promise<{ release: ReleaseSnapshot; access: ProgramAccess; url: URL } | null> {
  const signed = await requireRole(request, 'program_manager');
  const release = await loadRelease();
  if (!release) return null;
  const access = await requireProgramAccess(signed, release, request, opts);
  await recordPageView(signed, request, context, release);
  return { release, access, url: new URL(request.url) };
}
