import { isProblemCode, type MyConnections } from '@ats-zoom/contract';
import { setApprovalWait } from '../../core/connections/approval-waits';
import {
  getOAuthAttemptForActor,
  startAuthorization,
} from '../../core/connections/connect-provider';
import {
  acknowledgeConnectionNotice,
  disconnectConnection,
  getMyConnections,
} from '../../core/connections/connections';
import { providerDescriptors } from '../../core/providers';
import { createAnswerMemo } from '../../core/shared/answer-memo';
import { NotFoundError } from '../../core/shared/errors';
import { type JsonRouteTable, mountRoute, type RouteAccess } from '../json-routes';
import type { RateLimits } from '../rate-limits';
import type { BffWiring } from '../wiring';

/** The user's links: list, connect (start an OAuth attempt, poll it), disconnect. */
export function mountConnectionRoutes(
  table: JsonRouteTable,
  wiring: BffWiring,
  access: RouteAccess,
  rateLimits: RateLimits,
): void {
  const { core, config, publicUrl } = wiring;
  // Built from the store's cached reads only: given again while the store's cache stands still.
  const myConnections = createAnswerMemo<MyConnections>({
    clock: core.clock,
    generations: () => String(core.store.readCacheGeneration()),
  });
  mountRoute(table, 'getMyConnections', access, ({ actor }) =>
    myConnections.answer(`${actor.tenantId}\u0000${actor.userId}`, async () => ({
      value: await getMyConnections(core, actor),
      keep: true,
    })),
  );
  mountRoute(table, 'startAuthorization', access, async ({ actor, params, req }) => {
    const started = await startAuthorization(core, actor, {
      provider: params.provider,
      origin: req.get('origin'),
      allowedOrigins: config.allowedOrigins,
      ...(rateLimits.maxLiveOAuthAttemptsPerUser === undefined
        ? {}
        : { maxLiveAttempts: rateLimits.maxLiveOAuthAttemptsPerUser }),
    });
    const url = new URL(`${publicUrl}${providerDescriptors[params.provider].popupPaths.start}`);
    url.searchParams.set('attempt', started.attemptId);
    url.searchParams.set('ticket', started.ticket);
    return {
      attemptId: started.attemptId,
      authorizationUrl: url.href,
      expiresAt: started.expiresAt.toISOString(),
    };
  });
  mountRoute(table, 'getOAuthAttempt', access, async ({ actor, params }) => {
    const found = await getOAuthAttemptForActor(core, actor, params.attemptId);
    if (!found) throw new NotFoundError('No such attempt.');
    return {
      attemptId: found.attempt.id,
      provider: found.attempt.provider,
      status: found.status,
      errorCode: isProblemCode(found.attempt.errorCode) ? found.attempt.errorCode : null,
      connection: found.connection,
      expiresAt: found.attempt.expiresAt.toISOString(),
    };
  });
  mountRoute(table, 'setApprovalWait', access, ({ actor, body }) =>
    setApprovalWait(core, actor, body.waiting),
  );
  mountRoute(table, 'deleteConnection', access, async ({ actor, params }) => {
    await disconnectConnection(core, actor, params.connectionId);
    return undefined;
  });
  mountRoute(table, 'acknowledgeConnectionNotice', access, async ({ actor, params }) => {
    await acknowledgeConnectionNotice(core, actor, params.connectionId);
    return undefined;
  });
}
