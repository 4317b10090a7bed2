import type { Host, HostConflict, InterviewMeeting } from '@ats-zoom/contract';

const MINUTE_MS = 60_000;

type HostBase = Omit<Host, 'conflicts'>;

function host(overrides: Partial<HostBase> & Pick<HostBase, 'connectionId' | 'ownerName'>) {
  return Object.freeze({
    ownerUserId: `user_${overrides.connectionId}`,
    zoomEmail: 'tanaka.taro@example.com',
    zoomDisplayName: null,
    accountType: 'personal',
    selectable: true,
    unavailableReason: null,
    busy: 'free',
    ...overrides,
  } satisfies HostBase);
}

/**
 * The tenant's connected Zoom accounts of the `hostsMixed` scenario, one per state the picker
 * shows. Conflicts are not part of them: they are placed around whichever slot is asked about.
 */
export const hostFixtures = Object.freeze({
  /** Nothing else at that time. */
  freeHost: host({
    connectionId: 'conn_host_free',
    ownerName: '田中 太郎',
    zoomEmail: 'tanaka.taro@example.com',
    zoomDisplayName: 'Taro Tanaka',
  }),
  /** Two things overlap the slot: a Zoom meeting of the host and an interview issued here. */
  busyHost: host({
    connectionId: 'conn_host_busy',
    ownerName: '佐藤 花子',
    zoomEmail: 'hanako.sato@acme-corp.example.com',
    zoomDisplayName: 'Hanako Sato',
    accountType: 'managed',
    busy: 'busy',
  }),
  /** Zoom did not answer the meeting list in time. */
  unknownHost: host({
    connectionId: 'conn_host_unknown',
    ownerName: '鈴木 一郎',
    zoomEmail: 'ichiro.suzuki@example.com',
    busy: 'unknown',
  }),
  /** The grant was lost: re-link first. */
  needsReauthHost: host({
    connectionId: 'conn_host_needs_reauth',
    ownerName: '高橋 美咲',
    zoomEmail: 'misaki.takahashi@example.com',
    selectable: false,
    unavailableReason: 'needs_reauth',
    busy: 'unknown',
  }),
  /** The Zoom account was linked to another ATS account since. */
  movedHost: host({
    connectionId: 'conn_host_moved',
    ownerName: '伊藤 健',
    zoomEmail: 'ken.ito@example.com',
    selectable: false,
    unavailableReason: 'moved',
    busy: 'unknown',
  }),
});

/** The busy host's conflicts for a slot: one starting before it, one starting inside it. */
export function conflictsAround(slotStart: Date, durationMinutes: number): HostConflict[] {
  const start = slotStart.getTime();
  const at = (offsetMinutes: number) => new Date(start + offsetMinutes * MINUTE_MS).toISOString();
  return [
    { start: at(-30), end: at(Math.min(30, durationMinutes)), source: 'zoom' },
    { start: at(durationMinutes - 15), end: at(durationMinutes + 45), source: 'ats' },
  ];
}

/** Zoom's join URL for a meeting id, with the passcode embedded (`?pwd=`) when given. */
export function joinUrlOf(zoomMeetingId: string, embeddedPasscode: string | null): string {
  const url = `https://us05web.zoom.us/j/${zoomMeetingId}`;
  return embeddedPasscode === null ? url : `${url}?pwd=${embeddedPasscode}`;
}

/** An issued meeting as the BFF answers it, for `interviewId`. */
export function issuedMeeting(
  interviewId: string,
  overrides: Partial<InterviewMeeting> = {},
): InterviewMeeting {
  const { freeHost } = hostFixtures;
  return {
    interviewId,
    candidateId: 'cand_yamada',
    host: {
      connectionId: freeHost.connectionId,
      ownerUserId: freeHost.ownerUserId,
      ownerName: freeHost.ownerName,
      zoomEmail: freeHost.zoomEmail,
    },
    zoomMeetingId: '81234567890',
    joinUrl: joinUrlOf('81234567890', 'Zk9hV2xQd1pCT0E1'),
    passcodeEmbedded: true,
    hasPasscode: true,
    topic: '一次面接 山田 花子 様',
    startTime: '2025-04-10T14:00:00.000+09:00',
    durationMinutes: 60,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: true,
    waitingRoom: false,
    linkStatus: 'active',
    brokenReason: null,
    createdAt: '2025-04-01T10:00:00.000+09:00',
    updatedAt: '2025-04-01T10:00:00.000+09:00',
    ...overrides,
  };
}
