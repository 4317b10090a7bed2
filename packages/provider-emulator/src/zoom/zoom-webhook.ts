import { createHmac } from 'node:crypto';

/** "v0=" + hex HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`): for tests that forge deliveries. */
export function signZoomWebhook(
  secretToken: string,
  timestamp: number | string,
  rawBody: string,
): string {
  const digest = createHmac('sha256', secretToken)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest('hex');
  return `v0=${digest}`;
}

export interface ZoomWebhookTarget {
  url: string;
  secretToken: string;
}

/**
 * POSTs one event the way Zoom does (research §9): JSON envelope, `x-zm-request-timestamp`
 * in unix seconds and `x-zm-signature` over the exact bytes sent. Resolves to the HTTP status.
 */
export async function deliverZoomWebhook(
  target: ZoomWebhookTarget,
  event: string,
  payload: Record<string, unknown>,
  nowMs: number,
): Promise<number> {
  const rawBody = JSON.stringify({ event, event_ts: nowMs, payload });
  const timestamp = Math.floor(nowMs / 1000);
  const response = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Zoom Marketplace/1.0a',
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': signZoomWebhook(target.secretToken, timestamp, rawBody),
    },
    body: rawBody,
  });
  // Drain the body so the socket is released.
  await response.arrayBuffer();
  return response.status;
}

/** `app_deauthorized` payload; `signature` is Zoom's own payload signature, not the header HMAC. */
export function appDeauthorizedPayload(input: {
  accountId: string;
  userId: string;
  clientId: string;
  clientSecret: string;
  nowMs: number;
}): Record<string, unknown> {
  const deauthorizationTime = new Date(input.nowMs).toISOString();
  return {
    account_id: input.accountId,
    user_id: input.userId,
    signature: createHmac('sha256', input.clientSecret)
      .update(`${input.accountId}:${input.userId}:${deauthorizationTime}`)
      .digest('hex'),
    deauthorization_time: deauthorizationTime,
    client_id: input.clientId,
    user_data_retention: 'false',
  };
}

/** The identifying part of a meeting that Zoom's meeting events carry. */
export interface ZoomMeetingEventObject {
  uuid: string;
  id: number;
  host_id: string;
  topic: string;
  type: number;
  /** Absent for a recurring meeting with no fixed time (type 3). */
  start_time?: string;
  duration: number;
  timezone: string;
  /** The meeting's passcode, when it has one. */
  password?: string;
}

export function toMeetingEventObject(meeting: ZoomMeetingEventObject): ZoomMeetingEventObject {
  const { uuid, id, host_id, topic, type, start_time, duration, timezone } = meeting;
  return {
    uuid,
    id,
    host_id,
    topic,
    type,
    ...(start_time === undefined ? {} : { start_time }),
    duration,
    timezone,
  };
}

/** `meeting.deleted` / `meeting.updated` payloads, as the host's web-UI action produces them. */
export function meetingEventPayload(input: {
  accountId: string;
  operator: string;
  operatorId: string;
  meeting: ZoomMeetingEventObject;
  /** For `meeting.updated`: the meeting before the change. */
  before?: ZoomMeetingEventObject;
  nowMs: number;
}): Record<string, unknown> {
  return {
    account_id: input.accountId,
    operator: input.operator,
    operator_id: input.operatorId,
    operation: 'single',
    object: {
      ...toMeetingEventObject(input.meeting),
      // A changed passcode is sent, as Zoom sends the fields a web-UI edit changed.
      ...(input.before && input.before.password !== input.meeting.password
        ? { password: input.meeting.password ?? '' }
        : {}),
    },
    ...(input.before
      ? { old_object: toMeetingEventObject(input.before), time_stamp: input.nowMs }
      : {}),
  };
}
