import { isProblemCode } from '@ats-zoom/contract';
import type { Router } from 'express';
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
import { NotFoundError } from '../../core/shared/errors';
import { mountRoute, type RouteAccess } from '../json-routes';
import type { RateLimits } from '../rate-limits';
import type { BffWiring } from '../wiring';

/** The user's links: list, connect (start an OAuth attempt, poll it), disconnect. */
export function mountConnectionRoutes(
  router: Router,
  wiring: BffWiring,
  access: RouteAccess,
  rateLimits: RateLimits,
): void {
  const { core, config, publicUrl } = wiring;
  mountRoute(router, 'getMyConnections', access, ({ actor }) => getMyConnections(core, actor));
  mountRoute(router, 'startAuthorization', access, async ({ actor, params, req }) => {
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
  mountRoute(router, 'getOAuthAttempt', access, async ({ actor, params }) => {
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
  mountRoute(router, 'setApprovalWait', access, ({ actor, body }) =>
    setApprovalWait(core, actor, body.waiting),
  );
  mountRoute(router, 'deleteConnection', access, async ({ actor, params }) => {
    await disconnectConnection(core, actor, params.connectionId);
    return undefined;
  });
  mountRoute(router, 'acknowledgeConnectionNotice', access, async ({ actor, params }) => {
    await acknowledgeConnectionNotice(core, actor, params.connectionId);
    return undefined;
  });
}
