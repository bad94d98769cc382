// Audit entries for what a signed-in person did, written by routes.
import type { AppLoadContext } from '@remix-run/node';
import { clientAddress } from '~/auth/guards.server';
import type { SignedIn } from '~/auth/session.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { appStore } from '~/store/app-store.server';
import { appendAudit, type AuditInput } from './trail.server';

/** A data page was served: which page and view, from which release. */
export async function recordPageView(signed: SignedIn, request: Request, context: AppLoadContext | undefined, release: ReleaseSnapshot): Promise<void> {
  const url = new URL(request.url);
  await appendAudit(await appStore(), {
    actor: signed.user.email,
    action: 'page.view',
    target: url.pathname + url.search,
    address: clientAddress(context),
    details: { release: release.id },
  });
}

/** Any other event of a signed-in person (or of `anonymous`). */
export async function recordEvent(
  actor: string,
  context: AppLoadContext | undefined,
  event: Omit<AuditInput, 'actor' | 'address'>,
): Promise<void> {
  await appendAudit(await appStore(), { ...event, actor, address: clientAddress(context) });
}
