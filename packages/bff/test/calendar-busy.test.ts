import { GOOGLE_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import { describe, expect, it } from 'vitest';
import {
  connectGoogle,
  type Harness,
  type HarnessOptions,
  linkZoomAccount,
  startHarness,
  tenantAUser,
} from './harness';
import {
  closeHarnessAfterEach,
  fastGoogleCalendar,
  fastMeetingTuning,
  meetingBody,
  meetingRequests,
} from './meeting-world';

// Haruka hosts on Zoom and her Google Calendar is the seeded interviewer's (Kenji Sato's).
const haruka = tenantAUser('Haruka', 'coordinator');
const aiko = tenantAUser('Aiko', 'recruiter');
const kenji = tenantAUser('Kenji', 'recruiter');

const fast: HarnessOptions = {
  meetings: {
    ...fastMeetingTuning,
    hostCheckTimeoutMs: 400,
    googleCalendar: fastGoogleCalendar,
    calendarRetry: { pollIntervalMs: 0 },
  },
};

let h: Harness;
closeHarnessAfterEach(() => h);
const { put } = meetingRequests(() => h, haruka);

/** 2030-01-20 10:00-10:30 Tokyo: nothing at Zoom then. */
const SLOT = 'start=2030-01-20T01:00:00Z&durationMinutes=30';
const hostsAt = (query = SLOT) => h.api('GET', `/v1/hosts?${query}`, { user: aiko });
/** Saved on the scheduler's own calendar, nobody invited. */
const ownCalendarOnly = { register: true, attendees: [], sendUpdates: 'none' };
const harukaCalendar = () => h.emulator.google.seeded.interviewer.email;

async function setUp() {
  h = await startHarness(fast);
  const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
  await connectGoogle(h, haruka, 'interviewer');
  return host;
}

interface ListedHost {
  connectionId: string;
  busy: string;
  conflicts: { start: string; end: string; source: string }[];
}

function hostIn(list: { json: { hosts: ListedHost[] } }, id: string) {
  return list.json.hosts.find((each) => each.connectionId === id);
}

describe('busy badges from Google Calendar', () => {
  it('when the host owner is busy only in Google, then the host shows busy with a google conflict, and the preview warns', async () => {
    const host = await setUp();
    h.emulator.google.seedEvent(harukaCalendar(), {
      summary: 'Dentist',
      start: '2030-01-20T09:45:00+09:00',
      end: '2030-01-20T10:15:00+09:00',
    });
    const list = await hostsAt();
    expect(list.status).toBe(200);
    expect(hostIn(list, host)).toMatchObject({
      busy: 'busy',
      conflicts: [
        { start: '2030-01-20T00:45:00.000Z', end: '2030-01-20T01:15:00.000Z', source: 'google' },
      ],
    });
    const preview = await h.api(
      'GET',
      `/v1/meetings/preview?hostConnectionId=${host}&${SLOT}&joinBeforeHost=false`,
      { user: aiko },
    );
    expect(preview.status).toBe(200);
    expect(preview.json.warnings).toContainEqual({ code: 'host_busy' });
    // Another time of the day is free; its answer came from the cached window.
    const queries = h.emulator.google.stats().freeBusyQueries;
    const later = await hostsAt('start=2030-01-20T05:00:00Z&durationMinutes=30');
    expect(hostIn(later, host)).toMatchObject({ busy: 'free', conflicts: [] });
    expect(h.emulator.google.stats().freeBusyQueries).toBe(queries);
  });

  it('when the host owner has no Google link, then the badge comes from Zoom and our records alone', async () => {
    h = await startHarness(fast);
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    const list = await hostsAt();
    expect(hostIn(list, host)).toMatchObject({ busy: 'free', conflicts: [] });
    expect(h.emulator.google.stats().freeBusyQueries).toBe(0);
  });

  it('when Google is slow or failing, then the host is unknown unless something else says busy', async () => {
    const host = await setUp();
    h.emulator.google.injectLatency(3_000, GOOGLE_ROUTE_GROUPS.freeBusy);
    const started = Date.now();
    const slow = await hostsAt();
    // The list does not wait for Google (generous bound: CI machines are slow).
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(hostIn(slow, host)).toMatchObject({ busy: 'unknown', conflicts: [] });

    h.emulator.google.resetFaults();
    h.emulator.google.failNext(5, 503, GOOGLE_ROUTE_GROUPS.freeBusy);
    // Haruka's seeded Zoom meeting runs 2030-01-16 06:00-07:00Z.
    const zoomBusy = await hostsAt('start=2030-01-16T06:15:00Z&durationMinutes=30');
    expect(hostIn(zoomBusy, host)).toMatchObject({
      busy: 'busy',
      conflicts: [{ source: 'zoom' }],
    });
  });

  it('when our own interview is on the owner calendar, then it is reported once (as ats), and not at all for its own reschedule', async () => {
    const host = await setUp();
    const saved = await put(
      'iv-1',
      meetingBody(host, { topic: '一次面接', calendar: ownCalendarOnly }),
    );
    expect(saved.json.calendar.status).toBe('registered');
    expect(h.emulator.google.events(harukaCalendar())).toHaveLength(1);

    const list = await hostsAt();
    expect(hostIn(list, host)).toMatchObject({
      busy: 'busy',
      conflicts: [{ start: '2030-01-20T01:00:00.000Z', source: 'ats' }],
    });
    expect(hostIn(list, host)?.conflicts).toHaveLength(1);
    const own = await hostsAt(`${SLOT}&excludeInterviewId=iv-1`);
    expect(hostIn(own, host)).toMatchObject({ busy: 'free', conflicts: [] });
  });

  it('when we register an event on the owner calendar, then the cached free/busy is dropped and the badge shows it at once', async () => {
    const host = await setUp();
    const kenjiHost = await linkZoomAccount(h, kenji, h.emulator.zoom.seeded.personal2);
    expect(hostIn(await hostsAt(), host)).toMatchObject({ busy: 'free' });

    // Haruka schedules an interview hosted by Kenji and puts it on her own calendar.
    const saved = await put(
      'iv-2',
      meetingBody(kenjiHost, {
        candidateId: 'cand-2',
        topic: '二次面接',
        calendar: ownCalendarOnly,
      }),
    );
    expect(saved.json.calendar.status).toBe('registered');

    const after = await hostsAt();
    expect(hostIn(after, host)).toMatchObject({
      busy: 'busy',
      conflicts: [{ start: '2030-01-20T01:00:00.000Z', source: 'google' }],
    });
    expect(hostIn(after, kenjiHost)).toMatchObject({
      busy: 'busy',
      conflicts: [{ source: 'ats' }],
    });
  });
});
