import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { createExtraPersonalUsers, toZoomUser } from './seed-zoom-accounts';
import { createZoomAdminRouter } from './zoom-admin-routes';
import { createZoomApiRouter, zoomErrorHandler, zoomNotFound } from './zoom-api-routes';
import { ZoomFaults, ZoomRateLimiter } from './zoom-faults';
import { createZoomJoinRouter } from './zoom-join-page';
import {
  joinUrl,
  type MeetingRecord,
  toZoomMeeting,
  ZoomMeetingsState,
} from './zoom-meetings-state';
import { createZoomOAuthRouter } from './zoom-oauth-routes';
import { ZoomOAuthState } from './zoom-oauth-state';
import { formatZoomTime, tomorrowAt } from './zoom-time';
import type {
  ZoomEmulatorHandle,
  ZoomEmulatorOptions,
  ZoomMeeting,
  ZoomMeetingUserPatch,
} from './zoom-types';
import { appDeauthorizedPayload, deliverZoomWebhook, meetingEventPayload } from './zoom-webhook';

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
  meetings: ZoomMeetingsState;
  /** Fixes the origin of join/start URLs once the server listens (e.g. `http://127.0.0.1:4010`). */
  setPublicOrigin(origin: string): void;
}

export function createZoomEmulator(options: ZoomEmulatorOptions, now: () => number): ZoomEmulator {
  if (options.clients.length === 0) throw new Error('The Zoom emulator needs at least one client');
  const state = new ZoomOAuthState(
    options.clients,
    now,
    options.accessTokenTtlSeconds ?? 3599,
    createExtraPersonalUsers(options.extraUsers ?? 0),
  );
  const meetings = new ZoomMeetingsState(state.users, now, options.dailyMeetingWriteLimit ?? 100);
  const rateLimiter = new ZoomRateLimiter(options.rateLimits ?? {}, now);
  const faults = new ZoomFaults();
  let publicOrigin: string | undefined;
  // Without a request (handle methods) and before listen, URLs fall back to loopback.
  const webOrigin = () => `${publicOrigin ?? 'http://127.0.0.1'}/zoom`;

  const userOf = (userId: string) => {
    const user = state.findUser(userId);
    if (!user) throw new Error(`Unknown Zoom user "${userId}"`);
    return user;
  };
  const view = (record: MeetingRecord): ZoomMeeting =>
    toZoomMeeting(
      record,
      joinUrl(record, webOrigin(), meetings.policy(record.hostId)),
      now(),
      true,
    );
  const recordOf = (meetingId: number) => {
    const record = meetings.find(meetingId);
    if (!record) throw new Error(`Meeting does not exist: ${meetingId}.`);
    return record;
  };

  function seedMeeting(userId: string, input: Parameters<ZoomEmulatorHandle['seedMeeting']>[1]) {
    const { use_pmi: usePmi, ...fields } = input;
    const outcome = meetings.create(
      userOf(userId),
      { type: 2, ...fields, ...(usePmi === undefined ? {} : { settings: { use_pmi: usePmi } }) },
      false,
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error.body));
    return view(outcome.value);
  }

  if (options.seedMeetings ?? true) {
    const { managedApproved, personal } = state.seed;
    seedMeeting(managedApproved.id, {
      topic: 'Weekly sync',
      start_time: formatZoomTime(tomorrowAt(now(), 'Asia/Tokyo', 10)),
      duration: 60,
      timezone: 'Asia/Tokyo',
    });
    seedMeeting(personal.id, {
      topic: 'Portfolio review',
      start_time: formatZoomTime(tomorrowAt(now(), 'Asia/Tokyo', 15)),
      duration: 30,
      timezone: 'Asia/Tokyo',
    });
  }

  async function sendMeetingEvent(
    event: 'meeting.deleted' | 'meeting.updated',
    meeting: ZoomMeeting,
    before?: ZoomMeeting,
  ): Promise<number> {
    if (!options.webhook) return 0;
    const host = userOf(meeting.host_id);
    const nowMs = now();
    return deliverZoomWebhook(
      options.webhook,
      event,
      meetingEventPayload({
        accountId: host.account_id,
        operator: host.email,
        operatorId: host.id,
        meeting,
        before,
        nowMs,
      }),
      nowMs,
    );
  }

  async function deleteMeetingAsUser(meetingId: number): Promise<number> {
    const record = recordOf(meetingId);
    const meeting = view(record);
    const error = meetings.delete(record);
    if (error) throw new Error(error.body.message);
    return sendMeetingEvent('meeting.deleted', meeting);
  }

  async function updateMeetingAsUser(
    meetingId: number,
    patch: ZoomMeetingUserPatch,
  ): Promise<number> {
    const record = recordOf(meetingId);
    // Edits in the web UI do not count toward the API's daily create/update quota.
    const outcome = meetings.update(record, patch, { countQuota: false, requireFuture: true });
    if (!outcome.ok) {
      const { message, errors } = outcome.error.body;
      throw new Error(
        [message, ...(errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' '),
      );
    }
    const before = toZoomMeeting(outcome.value.before, '', now());
    return sendMeetingEvent('meeting.updated', view(outcome.value.after), before);
  }

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
  router.use(faults.middleware());
  router.use('/oauth', createZoomOAuthRouter(state));
  router.use('/j', createZoomJoinRouter(meetings));
  router.use(
    '/v2',
    createZoomApiRouter(state, { meetings, rateLimiter, now, publicOrigin: () => publicOrigin }),
  );
  router.use(
    '/admin',
    createZoomAdminRouter(state, sendDeauthorization, {
      meetings,
      faults,
      view,
      deleteMeetingAsUser,
      updateMeetingAsUser,
      seedMeeting,
    }),
  );
  router.use(zoomNotFound);
  router.use(zoomErrorHandler);

  const { seed } = state;
  const handle: ZoomEmulatorHandle = {
    seeded: {
      personal: toZoomUser(seed.personal),
      personal2: toZoomUser(seed.personal2),
      managedApproved: toZoomUser(seed.managedApproved),
      managedApproved2: toZoomUser(seed.managedApproved2),
      managedApproved3: toZoomUser(seed.managedApproved3),
      managedApproved4: toZoomUser(seed.managedApproved4),
      managedApproved5: toZoomUser(seed.managedApproved5),
      managedPending: toZoomUser(seed.managedPending),
      managedPending2: toZoomUser(seed.managedPending2),
    },
    extraUsers: state.extraUsers.map(toZoomUser),
    paths: { ...ZOOM_PATHS },
    preApprove: (accountId) => state.preApprove(accountId),
    listPreApprovalRequests: () => state.listPreApprovalRequests(),
    sendDeauthorization,
    stats: () => ({ ...state.stats(), endpoints: faults.endpointStats() }),
    liveGrantCount: (userId) => state.liveGrantCount(userId),
    setUserType(userId, type) {
      userOf(userId).type = type;
    },
    meetingSettings: (userId) => structuredClone(meetings.policy(userOf(userId).id)),
    updateMeetingSettings(userOrAccount, patch) {
      const accountId = state.resolveManagedAccountId(userOrAccount);
      const targets = state.users.filter(
        (u) =>
          u.id === userOrAccount || u.account_id === userOrAccount || u.account_id === accountId,
      );
      if (targets.length === 0) throw new Error(`Unknown Zoom user or account "${userOrAccount}"`);
      for (const user of targets) meetings.updatePolicy(user, patch);
    },
    seedMeeting,
    meetings: (userId) => meetings.ofHost(userOf(userId).id).map(view),
    allMeetings: () => meetings.all().map(view),
    startMeeting(meetingId) {
      recordOf(meetingId).status = 'started';
    },
    deleteMeetingAsUser,
    updateMeetingAsUser,
    setRateLimits: (limits) => rateLimiter.setLimits(limits),
    injectLatency: (ms, scope) => faults.injectLatency(ms, scope),
    rateLimitNext: (count, retryAfterSeconds, scope) =>
      faults.rateLimitNext(count, retryAfterSeconds, scope),
    failNext: (count, status, scope) => faults.failNext(count, status, scope),
    dropNext: (count, scope) => faults.dropNext(count, scope),
    resetFaults: () => faults.reset(),
    setCreateKeepsCustomKeys(keep) {
      meetings.createKeepsCustomKeys = keep;
    },
  };
  return {
    router,
    handle,
    state,
    meetings,
    setPublicOrigin: (origin) => {
      publicOrigin = origin.replace(/\/+$/, '');
    },
  };
}
