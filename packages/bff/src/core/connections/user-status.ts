import type { UserStatus } from '@ats-zoom/contract';
import type { DeactivatedUserRecord } from '../ports';
import type { Actor } from '../shared/actor';
import type { CoreDeps } from '../shared/deps';
import { UserDeactivatedError } from '../shared/errors';

function toView(userId: string, record: DeactivatedUserRecord | undefined): UserStatus {
  return {
    userId,
    active: record === undefined,
    deactivatedAt: record ? record.deactivatedAt.toISOString() : null,
  };
}

/**
 * `PUT /v1/users/:userId/status`: the host says one of its users is deactivated or active
 * again, within the caller's tenant. Idempotent: saying it twice changes nothing the second
 * time (the first `deactivatedAt` stays). Nothing is revoked or deleted: the user's links stay
 * linked at Zoom and Google and their meetings keep working; only `GET /v1/hosts` and host
 * choice skip their links, and their own tokens are refused, until they are active again.
 */
export async function setUserStatus(
  deps: CoreDeps,
  actor: Actor,
  input: { userId: string; active: boolean },
): Promise<UserStatus> {
  const { tenantId } = actor;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const changed = input.active
      ? await tx.userStatuses.reactivate(tenantId, input.userId)
      : await tx.userStatuses.deactivate({
          tenantId,
          userId: input.userId,
          deactivatedAt: now,
          deactivatedBy: actor.userId,
        });
    if (changed) {
      await tx.audit.append({
        tenantId,
        actor: actor.userId,
        action: input.active ? 'user.reactivated' : 'user.deactivated',
        subjectType: 'user',
        subjectId: input.userId,
        details: {},
        at: now,
      });
      deps.logger.info(
        { tenantId, userId: input.userId, active: input.active },
        'ats user status changed',
      );
    }
    return toView(input.userId, await tx.userStatuses.find(tenantId, input.userId));
  });
}

/** Refuses the token of a user the host said is deactivated (403 `user_deactivated`). */
export async function assertActiveUser(deps: Pick<CoreDeps, 'store'>, actor: Actor): Promise<void> {
  if (await deps.store.userStatuses.find(actor.tenantId, actor.userId)) {
    throw new UserDeactivatedError();
  }
}
