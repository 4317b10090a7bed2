import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { toZoomUser } from './seed-zoom-accounts';
import { createZoomAdminRouter } from './zoom-admin-routes';
import { createZoomApiRouter } from './zoom-api-routes';
import { createZoomOAuthRouter } from './zoom-oauth-routes';
import { ZoomOAuthState } from './zoom-oauth-state';
import type { ZoomEmulatorHandle, ZoomEmulatorOptions } from './zoom-types';
import { appDeauthorizedPayload, deliverZoomWebhook } from './zoom-webhook';

export const ZOOM_PATHS = {
  authorize: '/zoom/oauth/authorize',
  token: '/zoom/oauth/token',
  revoke: '/zoom/oauth/revoke',
  apiBase: '/zoom/v2',
  admin: '/zoom/admin',
} as const;

export interface ZoomEmulator {
  /** Mount at `/zoom`. */
  router: Router;
  handle: ZoomEmulatorHandle;
  state: ZoomOAuthState;
}

export function createZoomEmulator(options: ZoomEmulatorOptions, now: () => number): ZoomEmulator {
  if (options.clients.length === 0) throw new Error('The Zoom emulator needs at least one client');
  const state = new ZoomOAuthState(options.clients, now, options.accessTokenTtlSeconds ?? 3599);

  async function sendDeauthorization(userId: string): Promise<number> {
    const user = state.findUser(userId);
    if (!user) throw new Error(`Unknown Zoom user "${userId}"`);
    const clientIds = state.killGrantsOfUser(userId);
    if (clientIds.length === 0) throw new Error(`Zoom user ${user.email} has no live grant`);
    let status = 0;
    for (const clientId of clientIds) {
      const client = state.findClient(clientId);
      if (!options.webhook || !client) continue;
      const nowMs = now();
      status = await deliverZoomWebhook(
        options.webhook,
        'app_deauthorized',
        appDeauthorizedPayload({
          accountId: user.account_id,
          userId: user.id,
          clientId,
          clientSecret: client.clientSecret,
          nowMs,
        }),
        nowMs,
      );
    }
    return status;
  }

  const router = Router();
  router.use((_req, res, next) => {
    res.set('x-zm-trackingid', `v=2.0;clid=us05;rid=WEB_${randomBytes(16).toString('hex')}`);
    next();
  });
  router.use('/oauth', createZoomOAuthRouter(state));
  router.use('/v2', createZoomApiRouter(state));
  router.use('/admin', createZoomAdminRouter(state, sendDeauthorization));

  const { seed } = state;
  const handle: ZoomEmulatorHandle = {
    seeded: {
      personal: toZoomUser(seed.personal),
      personal2: toZoomUser(seed.personal2),
      managedApproved: toZoomUser(seed.managedApproved),
      managedApproved2: toZoomUser(seed.managedApproved2),
      managedPending: toZoomUser(seed.managedPending),
    },
    paths: { ...ZOOM_PATHS },
    preApprove: (accountId) => state.preApprove(accountId),
    listPreApprovalRequests: () => state.listPreApprovalRequests(),
    sendDeauthorization,
    stats: () => state.stats(),
    liveGrantCount: (userId) => state.liveGrantCount(userId),
  };
  return { router, handle, state };
}
