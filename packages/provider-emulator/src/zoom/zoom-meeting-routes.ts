import type { Request, RequestHandler, Response, Router } from 'express';
import type { ZoomUserProfile } from './seed-zoom-accounts';
import { ENDPOINT_LABELS, QPS_MESSAGE, type ZoomRateLimiter } from './zoom-faults';
import {
  joinUrl,
  type MeetingRecord,
  meetingNotFound,
  shownStartMs,
  startUrl,
  toZoomMeeting,
  type ZoomApiError,
  type ZoomMeetingsState,
} from './zoom-meetings-state';
import { formatZoomTime } from './zoom-time';
import type { ZoomRateLimitLabel } from './zoom-types';
import {
  filterCustomQueryFields,
  toMeetingSecurityResource,
  toUserSettingsResource,
} from './zoom-user-settings';

export interface ZoomMeetingRouteDeps {
  meetings: ZoomMeetingsState;
  rateLimiter: ZoomRateLimiter;
  /** `https://host/zoom`-style origin for join/start URLs. */
  webOrigin: (req: Request) => string;
  now: () => number;
  authenticatedUser: (res: Response) => ZoomUserProfile;
  resolveUserId: (req: Request, res: Response) => ZoomUserProfile | undefined;
}

/** Settings Zoom returns on every meeting that the emulator does not model per meeting. */
const FIXED_MEETING_SETTINGS = {
  cn_meeting: false,
  in_meeting: false,
  enforce_login: false,
  enforce_login_domains: '',
  alternative_hosts_email_notification: true,
  close_registration: false,
  show_share_button: false,
  allow_multiple_devices: false,
  registrants_confirmation_email: true,
  registrants_email_notification: true,
  encryption_type: 'enhanced_encryption',
  approved_or_denied_countries_or_regions: { enable: false },
  breakout_room: { enable: false },
  focus_mode: false,
  host_save_video_order: false,
  global_dial_in_countries: ['JP'],
  global_dial_in_numbers: [
    { country_name: 'Japan', number: '+81 3 4578 1488', type: 'toll', country: 'JP' },
  ],
};

export function sendZoomApiError(res: Response, error: ZoomApiError): void {
  if (error.headers) res.set(error.headers);
  res.status(error.status).json(error.body);
}

/** Per-second limit per account and label; the label header goes on every answer. */
export function rateLimited(
  limiter: ZoomRateLimiter,
  label: ZoomRateLimitLabel,
  authenticatedUser: (res: Response) => ZoomUserProfile,
): RequestHandler {
  return (_req, res, next) => {
    const { limited, headers } = limiter.hit(authenticatedUser(res).account_id, label);
    res.set(headers);
    if (limited) {
      res.status(429).json({ code: 429, message: QPS_MESSAGE });
      return;
    }
    next();
  };
}

/** Settings, meetings list/create and one meeting's get/patch/delete, on the `/v2` router. */
export function addZoomMeetingRoutes(router: Router, deps: ZoomMeetingRouteDeps): void {
  const { meetings, now } = deps;
  const rated = (method: string, template: string) =>
    rateLimited(
      deps.rateLimiter,
      ENDPOINT_LABELS[`${method} ${template}`] ?? 'Light',
      deps.authenticatedUser,
    );

  const meetingBody = (record: MeetingRecord, req: Request) => {
    const origin = deps.webOrigin(req);
    const { settings, ...meeting } = toZoomMeeting(
      record,
      joinUrl(record, origin, meetings.policy(record.hostId)),
      now(),
      req.query.show_previous_occurrences === 'true',
    );
    return {
      ...meeting,
      start_url: startUrl(record, origin, now()),
      pre_schedule: false,
      settings: { ...settings, ...FIXED_MEETING_SETTINGS },
    };
  };

  /** The meeting when the caller hosts it; another account's meeting does not exist for it. */
  const hostedMeeting = (
    req: Request,
    res: Response,
    access: 'read' | 'write',
  ): MeetingRecord | undefined => {
    const self = deps.authenticatedUser(res);
    const raw = String(req.params.meetingId);
    const record = /^\d{1,16}$/.test(raw) ? meetings.find(Number(raw)) : undefined;
    const visible =
      record !== undefined &&
      record.accountId === self.account_id &&
      (access === 'write' || record.hostId === self.id);
    if (!record || !visible) {
      sendZoomApiError(res, meetingNotFound(raw));
      return undefined;
    }
    if (record.hostId !== self.id) {
      sendZoomApiError(res, {
        status: 400,
        body: { code: 3003, message: 'You are not the meeting host.' },
      });
      return undefined;
    }
    return record;
  };

  router.get('/users/:userId/settings', rated('GET', '/v2/users/{userId}/settings'), (req, res) => {
    const user = deps.resolveUserId(req, res);
    if (!user) return;
    const policy = meetings.policy(user.id);
    const option = req.query.option;
    let resource: Record<string, Record<string, unknown>>;
    if (option === undefined) resource = toUserSettingsResource(user, policy);
    else if (option === 'meeting_security') resource = toMeetingSecurityResource(policy);
    else {
      sendZoomApiError(res, {
        status: 400,
        body: {
          code: 300,
          message: 'Validation Failed.',
          errors: [{ field: 'option', message: 'Invalid field.' }],
        },
      });
      return;
    }
    const fields =
      typeof req.query.custom_query_fields === 'string' ? req.query.custom_query_fields : '';
    const names = fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    res.json(names.length > 0 ? filterCustomQueryFields(resource, names) : resource);
  });

  router.post(
    '/users/:userId/meetings',
    rated('POST', '/v2/users/{userId}/meetings'),
    (req, res) => {
      const host = deps.resolveUserId(req, res);
      if (!host) return;
      const quota = meetings.dailyQuotaExceeded(host.id);
      if (quota) {
        sendZoomApiError(res, quota);
        return;
      }
      const outcome = meetings.create(host, req.body);
      if (!outcome.ok) {
        sendZoomApiError(res, outcome.error);
        return;
      }
      res.status(201).json(meetingBody(outcome.value, req));
    },
  );

  router.get('/users/:userId/meetings', rated('GET', '/v2/users/{userId}/meetings'), (req, res) => {
    const host = deps.resolveUserId(req, res);
    if (!host) return;
    const outcome = meetings.list(host.id, req.query);
    if (!outcome.ok) {
      sendZoomApiError(res, outcome.error);
      return;
    }
    const { items, page, pageSize, total, next } = outcome.value;
    const origin = deps.webOrigin(req);
    const policy = meetings.policy(host.id);
    res.json({
      next_page_token: next,
      page_count: Math.ceil(total / pageSize),
      page_number: page,
      page_size: pageSize,
      total_records: total,
      meetings: items.map((m) => {
        // A series is listed once, at its next occurrence; no fixed time: no start_time.
        const start = shownStartMs(m, now());
        return {
          uuid: m.uuid,
          id: m.id,
          host_id: m.hostId,
          topic: m.topic,
          type: m.type,
          // Only for meetings scheduled on the host's personal meeting ID (Zoom's list spec).
          ...(m.pmi === undefined ? {} : { pmi: String(m.pmi) }),
          ...(start === undefined ? {} : { start_time: formatZoomTime(start) }),
          duration: m.duration,
          timezone: m.timezone,
          // Zoom truncates the agenda in lists (SPEC23).
          agenda: m.agenda.slice(0, 250),
          created_at: formatZoomTime(m.createdMs),
          join_url: joinUrl(m, origin, policy),
        };
      }),
    });
  });

  router.get('/meetings/:meetingId', rated('GET', '/v2/meetings/{meetingId}'), (req, res) => {
    const record = hostedMeeting(req, res, 'read');
    if (record) res.json(meetingBody(record, req));
  });

  router.patch('/meetings/:meetingId', rated('PATCH', '/v2/meetings/{meetingId}'), (req, res) => {
    const record = hostedMeeting(req, res, 'write');
    if (!record) return;
    const quota = meetings.dailyQuotaExceeded(record.hostId);
    if (quota) {
      sendZoomApiError(res, quota);
      return;
    }
    const outcome = meetings.update(record, req.body, { countQuota: true, requireFuture: true });
    if (!outcome.ok) {
      sendZoomApiError(res, outcome.error);
      return;
    }
    res.status(204).end();
  });

  router.delete('/meetings/:meetingId', rated('DELETE', '/v2/meetings/{meetingId}'), (req, res) => {
    const record = hostedMeeting(req, res, 'write');
    if (!record) return;
    const error = meetings.delete(record);
    if (error) {
      sendZoomApiError(res, error);
      return;
    }
    res.status(204).end();
  });
}
