import type {
  CalendarProvider,
  Connection,
  Host,
  InterviewMeeting,
  ProblemCode,
} from '@ats-zoom/contract';
import { calendarOwner, hostFixtures } from './meeting-fixtures';

export type HostBase = Omit<Host, 'conflicts'>;

/**
 * What the handler groups of one fake BFF read from each other, as the BFF reads one database:
 * the tenant's Zoom hosts, the caller's calendar links and whose meetings the caller may
 * start. A group installed on its own gets a world of its own (see each group); the groups of
 * `createScenarioHandlers` share one, so connecting or disconnecting changes what a save does.
 */
export interface ScenarioWorld {
  /** The tenant's Zoom links as hosts, as `GET /v1/hosts` would list them now. */
  hosts(): readonly HostBase[];
  /** The caller's Google Calendar or Outlook link now, or null when there is none. */
  calendarLink(provider: CalendarProvider): Connection | null;
  /** The host a meeting the scenario starts with was issued at. */
  meetingHost(): HostBase;
  /**
   * The link that acts on a meeting issued at `host` now: that link, or the live link of the
   * same Zoom account (a link re-made since); undefined when none is left.
   */
  holderOf(host: InterviewMeeting['host']): HostBase | undefined;
  /**
   * The ATS user the handlers answer for: only the owner of a meeting's host may start it.
   * Null when any caller may (a group standing alone).
   */
  callerUserId: string | null;
}

/** The ATS user the scenarios answer for: 田中 太郎, whose links `/connections/me` shows. */
export const caller = Object.freeze({
  userId: calendarOwner.userId,
  userName: calendarOwner.userName,
});

/** Every fixture host: the tenant's Zoom links when a group stands alone. */
export const allFixtureHosts: readonly HostBase[] = Object.values(hostFixtures);

/**
 * How the BFF answers a save or preview naming this host: 404 when the tenant has no such
 * link, 409 when the link cannot be used, null when it can.
 */
export function hostProblem(
  world: Pick<ScenarioWorld, 'hosts'>,
  connectionId: string,
): ProblemCode | null {
  const host = world.hosts().find((candidate) => candidate.connectionId === connectionId);
  if (host === undefined) return 'host_not_found';
  switch (host.unavailableReason) {
    case null:
      return null;
    case 'needs_reauth':
    case 'revoked':
      return 'host_needs_reauth';
    case 'moved':
      return 'host_moved';
    default:
      return host.unavailableReason satisfies never;
  }
}

/** Why a calendar link cannot register an event (the BFF's codes), or null when it can. */
export function calendarLinkProblem(
  link: Connection | null,
): 'calendar_not_connected' | 'calendar_needs_reauth' | null {
  if (link === null || link.status === 'revoked') return 'calendar_not_connected';
  return link.status === 'active' ? null : 'calendar_needs_reauth';
}
