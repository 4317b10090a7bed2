import type { MyConnections } from '@ats-zoom/contract';
import type { Actor } from '../shared/actor';
import type { CoreDeps } from '../shared/deps';
import { getMyConnections } from './connections';

/**
 * `PUT /v1/connections/zoom/approval-wait`. `waiting: true`: the user says they asked their
 * Zoom admin to pre-approve the app. Zoom's pre-approval page never redirects back and Zoom
 * sends no signal, so only the user can tell; the OAuth attempt expires in 10 minutes, an admin
 * may take days. `GET /v1/connections/me` reports the wait (`zoomApprovalWait`) until the user
 * connects (which removes it) or says `waiting: false`. Idempotent both ways: the first time
 * stays; each change is audited. Answers the user's links as `GET /v1/connections/me` does.
 */
export async function setApprovalWait(
  deps: CoreDeps,
  actor: Actor,
  waiting: boolean,
): Promise<MyConnections> {
  const { tenantId, userId } = actor;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    // With an active Zoom link there is nothing to wait for: nothing is recorded.
    const linked = (await tx.connections.findForUser(tenantId, userId, 'zoom'))?.status;
    const changed = waiting
      ? linked !== 'active' && (await tx.approvalWaits.record(tenantId, userId, now))
      : await tx.approvalWaits.remove(tenantId, userId);
    if (changed) {
      await tx.audit.append({
        tenantId,
        actor: userId,
        action: waiting ? 'zoom_approval.requested' : 'zoom_approval.withdrawn',
        subjectType: 'user',
        subjectId: userId,
        details: {},
        at: now,
      });
    }
  });
  return getMyConnections(deps, actor);
}
