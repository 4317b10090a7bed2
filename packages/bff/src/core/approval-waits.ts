import type { ApprovalWait } from '@ats-zoom/contract';
import type { Actor } from './actor';
import type { CoreDeps } from './deps';

/**
 * `PUT /v1/connections/zoom/approval-wait`: the user says they asked their Zoom admin to
 * pre-approve the app. Zoom's pre-approval page never redirects back and Zoom sends no signal,
 * so only the user can tell; the OAuth attempt expires in 10 minutes, an admin may take days.
 * Idempotent: the first time stays. `GET /v1/connections/me` reports it until the user connects
 * (which removes it) or withdraws it.
 */
export async function recordApprovalWait(deps: CoreDeps, actor: Actor): Promise<ApprovalWait> {
  const { tenantId, userId } = actor;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const before = await tx.approvalWaits.find(tenantId, userId);
    if (!before) {
      await tx.approvalWaits.record(tenantId, userId, now);
      await tx.audit.append({
        tenantId,
        actor: userId,
        action: 'zoom_approval.requested',
        subjectType: 'user',
        subjectId: userId,
        details: {},
        at: now,
      });
    }
    // A concurrent first request may have won the insert: answer the stored time.
    const since = before ?? (await tx.approvalWaits.find(tenantId, userId)) ?? now;
    return { since: since.toISOString() };
  });
}

/** `DELETE /v1/connections/zoom/approval-wait`: the user gives up waiting. Idempotent. */
export async function withdrawApprovalWait(deps: CoreDeps, actor: Actor): Promise<void> {
  const { tenantId, userId } = actor;
  await deps.store.transaction(async (tx) => {
    if (await tx.approvalWaits.remove(tenantId, userId)) {
      await tx.audit.append({
        tenantId,
        actor: userId,
        action: 'zoom_approval.withdrawn',
        subjectType: 'user',
        subjectId: userId,
        details: {},
        at: deps.clock.now(),
      });
    }
  });
}
