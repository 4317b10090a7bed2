import { randomUUID } from 'node:crypto';
import { afterEach } from 'vitest';
import type { AtsUser, Harness, HarnessOptions } from './harness';

/**
 * The shared set-up of the meeting tests: fast tuning for the harness, the interview a scheduler
 * saves, and the requests to `/v1/interviews/:id/meeting`. Each test file keeps its own `let h`
 * (the running harness) and its own people; these pieces only take a getter for it.
 */

/** Zoom calls that give up within seconds and back off by milliseconds. */
export const fastZoomResilience = {
  attemptTimeoutMs: 2_000,
  deadlineMs: 4_000,
  backoffBaseMs: 5,
  backoffCapMs: 20,
};

/** Meeting tuning for tests: the host check times out at 300 ms; Zoom calls are fast. */
export const fastMeetingTuning = {
  hostCheckTimeoutMs: 300,
  zoomResilience: fastZoomResilience,
} satisfies HarnessOptions['meetings'];

/** Harness options with {@link fastMeetingTuning} and nothing else. */
export const fastMeetings: HarnessOptions = { meetings: fastMeetingTuning };

/** Google Calendar calls that give up within seconds and retry after 5 ms. */
export const fastGoogleCalendar = { attemptTimeoutMs: 2_000, retryDelayMs: 5 };

/** Calendar retries: backoff in the harness's own clock, which only the test moves. */
export const clockCalendarRetry = {
  pollIntervalMs: 25,
  baseDelayMs: 60_000,
  maxDelayMs: 600_000,
  maxAttempts: 4,
};

/** {@link fastMeetings} plus fast Google Calendar calls and retries on the harness clock. */
export const fastMeetingsWithCalendar: HarnessOptions = {
  meetings: {
    ...fastMeetingTuning,
    googleCalendar: fastGoogleCalendar,
    calendarRetry: clockCalendarRetry,
  },
};

/**
 * The interview a scheduler saves: candidate `cand-1`, 2030-01-20 10:00-10:30 in Tokyo (01:00Z),
 * no join before host, hosted on `hostConnectionId`; `overrides` replace or add fields.
 */
export function meetingBody(hostConnectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    candidateId: 'cand-1',
    hostConnectionId,
    topic: '一次面接 / First interview',
    startTime: '2030-01-20T10:00:00+09:00',
    durationMinutes: 30,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: false,
    ...overrides,
  };
}

/** Closes the harness `current()` returns (if one was started) after each test. */
export function closeHarnessAfterEach(current: () => Harness | undefined) {
  afterEach(async () => {
    await current()?.close();
  });
}

/**
 * `PUT` and `GET /v1/interviews/:id/meeting` on the harness `harness()` returns, as `scheduler`
 * unless told otherwise; every `PUT` has a fresh Idempotency-Key unless one is given.
 */
export function meetingRequests(harness: () => Harness, scheduler: AtsUser) {
  const path = (interviewId: string) => `/v1/interviews/${interviewId}/meeting`;
  return {
    put: (
      interviewId: string,
      body: unknown,
      who: AtsUser = scheduler,
      idempotencyKey: string = randomUUID(),
    ) =>
      harness().api('PUT', path(interviewId), {
        user: who,
        body,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    get: (interviewId: string, who: AtsUser = scheduler) =>
      harness().api('GET', path(interviewId), { user: who }),
  };
}

/**
 * A Zoom meeting the BFF created: it carries the BFF's reconciliation marker as a custom key
 * (never in the agenda people read).
 */
export function isBffMeeting(meeting: {
  settings: { custom_keys: readonly { key: string; value: string }[] };
}): boolean {
  return meeting.settings.custom_keys.some((entry) => entry.key === 'ats_zoom_operation');
}
