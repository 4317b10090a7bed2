import type { Connection, Role } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { createProviderConnectionHandlers, initialLinks } from './connection-handlers';
import {
  type GoogleConnectionScenarioName,
  googleConnectionPlans,
} from './google-connection-scenarios';
import { type HostScenarioName, hostHandlers, hostPlans } from './host-scenarios';
import { hostFixtures } from './meeting-fixtures';
import { type MeetingScenarioName, meetingHandlers } from './meeting-scenarios';
import {
  type OutlookConnectionScenarioName,
  outlookConnectionPlans,
} from './outlook-connection-scenarios';
import { type PreviewScenarioName, previewHandlers } from './preview-scenarios';
import { allFixtureHosts, caller, type HostBase, type ScenarioWorld } from './scenario-world';
import { createVariableHandlers, type VariableScenarioName } from './variable-scenarios';
import { type ZoomConnectionScenarioName, zoomConnectionPlans } from './zoom-connection-scenarios';

export interface ScenarioHandlersOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** One clock for every group. @default () => new Date() */
  now?: () => Date;
  /** The caller's role: routes it may not use answer 403 `forbidden`. @default 'recruiter' */
  role?: Role;
  /** The caller's Zoom link. @default 'connected' */
  zoom?: ZoomConnectionScenarioName;
  /**
   * The caller's Google Calendar link.
   * @default 'connected' ('notConnected' with the meeting scenario `meetingSaveGoogleNotConnected`)
   */
  google?: GoogleConnectionScenarioName;
  /**
   * The caller's Outlook link; left out, this fake BFF has no Outlook configured (as a BFF
   * without Microsoft settings: no `outlook` in `GET /connections/me`, its authorize route 404).
   */
  outlook?: OutlookConnectionScenarioName;
  /** The tenant's hosts. @default 'hostsMixed' */
  hosts?: HostScenarioName;
  /** The hosts' Zoom settings and usage. @default 'previewEmbedded' */
  preview?: PreviewScenarioName;
  /** The interviews' meetings. @default 'meetingNone' */
  meeting?: MeetingScenarioName;
  /** The mail variables. @default 'variablesTemplate' */
  variables?: VariableScenarioName;
}

/** The fixture host whose Zoom account is the caller's own (田中 太郎, tanaka.taro@example.com). */
const callerFixtureHost = hostFixtures.freeHost;

/** The caller's Zoom link as the BFF lists it among the tenant's hosts. */
function hostOfLink(link: Connection): HostBase {
  const { status } = link;
  const active = status === 'active';
  return {
    connectionId: link.id,
    ownerUserId: caller.userId,
    ownerName: caller.userName,
    zoomEmail: link.email,
    zoomDisplayName:
      link.email === callerFixtureHost.zoomEmail
        ? callerFixtureHost.zoomDisplayName
        : link.displayName,
    accountType: link.accountType,
    selectable: active,
    unavailableReason: status === 'active' ? null : status,
    busy: active ? 'free' : 'unknown',
  };
}

/** A link that can still act on its meetings (needs_reauth only until it is reconnected). */
const isLive = (host: HostBase) =>
  host.unavailableReason === null || host.unavailableReason === 'needs_reauth';

/**
 * MSW handlers for a whole screen against one fake BFF: every group (connections, hosts,
 * preview, meetings, variables) in a named state, sharing one state as the BFF's database does,
 * so the groups never contradict each other or the BFF:
 *
 * - 予定を登録 follows the caller's link to the calendar asked for (Google's, or Outlook's) as it is now: without one the save is refused
 *   (409 `calendar_not_connected`, `calendar_needs_reauth` when it must be reconnected); connecting
 *   Google through the link button makes the next save register the event, and a retry or
 *   re-save of an event whose owner's link is gone records the calendar step as failed.
 * - The caller's own Zoom account (田中 太郎's, the fixtures' free host) is a host only while it is
 *   linked: `zoom` decides whether it is listed, selectable, or unavailable (`needs_reauth`,
 *   `moved`), connecting and disconnecting change the list, and saves, previews, cancels and the
 *   start URL follow it (a host the tenant does not have: 404 `host_not_found`).
 * - Only the owner of a meeting's host may get its start URL (403 `forbidden` otherwise).
 * - `role` applies to every route, as the host token's role does (an interviewer may only use
 *   the connection routes and the start URL).
 *
 * Contradictory choices are refused: `meetingSaveGoogleNotConnected` is a scheduler without a
 * Google link, so it throws with a `google` scenario that has one.
 */
export function createScenarioHandlers(options: ScenarioHandlersOptions): RequestHandler[] {
  const meeting = options.meeting ?? 'meetingNone';
  const googleName =
    options.google ?? (meeting === 'meetingSaveGoogleNotConnected' ? 'notConnected' : 'connected');
  const googlePlan = googleConnectionPlans[googleName];
  if (meeting === 'meetingSaveGoogleNotConnected' && googlePlan.initial !== null) {
    throw new Error(
      `meetingSaveGoogleNotConnected is a scheduler without a Google link; google: '${googleName}' has one. Leave google unset, or choose meetingNone.`,
    );
  }
  const hostsName = options.hosts ?? 'hostsMixed';
  const common = {
    baseUrl: options.baseUrl,
    ...(options.delay === undefined ? {} : { delay: options.delay }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.role === undefined ? {} : { role: options.role }),
  };
  const plans = {
    zoom: zoomConnectionPlans[options.zoom ?? 'connected'],
    google: googlePlan,
    ...(options.outlook ? { outlook: outlookConnectionPlans[options.outlook] } : {}),
  };
  const links = initialLinks(plans);

  const hosts = (): readonly HostBase[] => {
    const plan = hostPlans[hostsName];
    // A list that fails or never comes still has hosts behind it: every fixture host.
    const listed = plan.kind === 'answers' ? plan.hosts : allFixtureHosts;
    const others = listed.filter((host) => host.connectionId !== callerFixtureHost.connectionId);
    if (links.zoom === null) return others;
    // The caller's link takes the place the fixtures give that Zoom account (first if none).
    const at = listed.findIndex((host) => host.connectionId === callerFixtureHost.connectionId);
    others.splice(Math.max(at, 0), 0, hostOfLink(links.zoom));
    return others;
  };
  const world: ScenarioWorld = {
    hosts,
    calendarLink: (provider) => links[provider] ?? null,
    meetingHost: () => (links.zoom === null ? callerFixtureHost : hostOfLink(links.zoom)),
    holderOf(host) {
      const own = hosts().find((each) => each.connectionId === host.connectionId);
      if (own !== undefined && isLive(own)) return own;
      // Gone or moved: a live link of the same Zoom account (the caller's, re-made) holds it.
      const mine = links.zoom === null ? undefined : hostOfLink(links.zoom);
      return mine !== undefined && isLive(mine) && mine.zoomEmail === host.zoomEmail
        ? mine
        : undefined;
    },
    callerUserId: caller.userId,
  };

  return [
    ...createProviderConnectionHandlers(common, plans, links),
    ...hostHandlers(common, hostsName, hosts),
    ...previewHandlers(common, options.preview ?? 'previewEmbedded', world),
    ...meetingHandlers(common, meeting, world),
    ...createVariableHandlers({ ...common, scenario: options.variables ?? 'variablesTemplate' }),
  ];
}
