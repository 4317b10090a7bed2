import type { MeetingPreview } from '@ats-zoom/contract';
import { checkHostBusy, type HostSlot, loadBusyContext } from '../hosts/hosts';
import { interviewerHosting } from '../hosts/interviewer-hosting';
import type { Actor } from '../shared/actor';
import { HostNotFoundError } from '../shared/errors';
import { asChosenHost, callAsMeetingHost, loadUsableHost } from './host-access';
import type { MeetingDeps } from './meeting-deps';

/** Zoom's limit of meeting creates + updates per host per UTC day. */
export const DAILY_MEETING_WRITE_LIMIT = 100;
/** Below this many writes left today the preview warns. */
export const DAILY_QUOTA_WARNING_AT = 10;
/** Basic (free) hosts: meetings with 3+ people end after 40 minutes. */
const BASIC_LICENSE_MINUTES = 40;

export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Where a slot stands at `now`: not started yet, started and still running, or over. */
export function slotTiming(
  slot: { start: Date; end: Date },
  now: Date,
): 'ahead' | 'started' | 'ended' {
  if (slot.end.getTime() <= now.getTime()) return 'ended';
  if (slot.start.getTime() < now.getTime()) return 'started';
  return 'ahead';
}

/**
 * What the candidate gets if the meeting is saved with this host and slot, from the host's
 * Zoom settings (passcode lock, embedding, waiting room), our daily write counter and the
 * host's schedule. Mirrors what `saveInterviewMeeting` asks Zoom for.
 */
export async function previewMeeting(
  deps: MeetingDeps,
  actor: Actor,
  input: {
    hostConnectionId: string;
    joinBeforeHost: boolean;
    durationMinutes: number;
    /** ATS user ids of the interview's interviewers. */
    interviewers?: readonly string[];
  } & HostSlot,
): Promise<MeetingPreview> {
  const host = await loadUsableHost(
    deps,
    actor.tenantId,
    input.hostConnectionId,
    () => new HostNotFoundError(),
  );
  const [settings, licence, usedToday, busy, interviewers] = await asChosenHost(
    Promise.all([
      callAsMeetingHost(deps, host, (token) =>
        deps.meetingHost.getHostSettings(token, host.providerUserId),
      ),
      // The licence only adds a warning: without it the preview is still right.
      deps.hostSchedules.licence(host).catch(() => null),
      deps.store.hostDailyWrites.count(host.providerUserId, utcDay(deps.clock.now())),
      loadBusyContext(deps, actor.tenantId, [host], input).then((context) =>
        checkHostBusy(deps, host, input, context),
      ),
      interviewerHosting(
        deps,
        actor.tenantId,
        host,
        [...new Set(input.interviewers ?? [])].map((userId) => ({ userId })),
      ),
    ]),
  );

  // Join before host gets a passcode from us when the account does not force one.
  const hasPasscode = settings.passcodeForced || input.joinBeforeHost;
  const embedded = hasPasscode && settings.embedPasscodeInJoinLink;
  // With no passcode (and no authentication) Zoom forces the waiting room on.
  const waitingRoom = input.joinBeforeHost ? false : !hasPasscode || settings.waitingRoomByDefault;
  const remaining = Math.max(0, DAILY_MEETING_WRITE_LIMIT - usedToday);

  const warnings: MeetingPreview['warnings'] = [];
  // First: an ended slot cannot be saved (`meeting_in_past`); a started one can, with a warning.
  const timing = slotTiming(input, deps.clock.now());
  if (timing === 'ended') warnings.push({ code: 'meeting_in_past' });
  if (timing === 'started') warnings.push({ code: 'start_in_past' });
  if (input.joinBeforeHost && !settings.passcodeForced) {
    warnings.push({ code: 'join_before_host_needs_passcode' });
  }
  if (hasPasscode && !embedded) warnings.push({ code: 'passcode_not_embedded' });
  if (remaining <= DAILY_QUOTA_WARNING_AT) warnings.push({ code: 'daily_quota_low' });
  if (licence === 1 && input.durationMinutes > BASIC_LICENSE_MINUTES) {
    warnings.push({ code: 'basic_license_time_limit' });
  }
  if (busy.busy === 'busy') warnings.push({ code: 'host_busy' });

  return {
    hostConnectionId: host.id,
    passcode: embedded ? 'embedded' : hasPasscode ? 'required_not_embedded' : 'none',
    waitingRoom,
    joinBeforeHost: { requested: input.joinBeforeHost, effective: input.joinBeforeHost },
    quota: { usedToday, limit: DAILY_MEETING_WRITE_LIMIT, remaining },
    warnings,
    interviewers,
  };
}
