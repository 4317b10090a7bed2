import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from '../../../test/postgres';
import { notRequestedCalendar } from '../../core/calendar/calendar-event';
import type { MeetingRecord, Store } from '../../core/ports';
import { openStore } from './index';

const schema = freshSchema('next_meetings_test');
const engines: { name: string; open: () => Promise<Store>; dispose?: () => Promise<void> }[] = [
  { name: 'sqlite', open: () => openStore({ sqlitePath: ':memory:' }) },
];
if (await postgresAvailable('next-meetings.test.ts')) {
  engines.push({
    name: 'postgres',
    open: () =>
      openStore({ databaseUrl: postgresUrl, postgresSchema: schema, postgresPoolSize: 2 }),
    dispose: () => dropSchema(schema),
  });
}

const now = new Date('2030-01-20T01:00:00.000Z');
const minutesFromNow = (m: number) => new Date(now.getTime() + m * 60_000);

function meeting(
  candidateId: string,
  startTime: Date,
  overrides: Partial<MeetingRecord> = {},
): MeetingRecord {
  return {
    id: randomUUID(),
    tenantId: 'tenant-a',
    interviewId: `iv-${randomUUID()}`,
    candidateId,
    connectionId: 'conn-1',
    hostProviderUserId: 'zoom-user-1',
    hostOwnerUserId: 'u-1',
    hostOwnerName: 'Hanako',
    hostEmail: null,
    hostChoice: { auto: false, prefer: [], role: null, passedOver: [] },
    interviewers: [],
    zoomMeetingId: String(81_000_000_000 + Math.floor(Math.random() * 1e9)),
    joinUrl: `https://zoom.example/j/${randomUUID()}`,
    passcodeEmbedded: false,
    hasPasscode: false,
    passcode: null,
    topic: '一次面接',
    startTime,
    durationMinutes: 30,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: false,
    waitingRoom: true,
    linkStatus: 'active',
    brokenReason: null,
    zoomTime: null,
    calendar: notRequestedCalendar(now),
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe.each(engines)('next meetings of candidates ($name)', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await engine.open();
  });
  afterAll(async () => {
    await store.close();
    await engine.dispose?.();
  });

  it('when candidates have past, running, later and foreign meetings, then each gets its earliest one not ended, in its tenant only', async () => {
    const ended = meeting('cand-1', minutesFromNow(-30));
    const running = meeting('cand-1', minutesFromNow(-29));
    const later = meeting('cand-1', minutesFromNow(600));
    const broken = meeting('cand-2', minutesFromNow(60), {
      linkStatus: 'broken',
      brokenReason: 'deleted_in_zoom',
    });
    const afterBroken = meeting('cand-2', minutesFromNow(120));
    const foreign = meeting('cand-3', minutesFromNow(60), { tenantId: 'tenant-b' });
    const unasked = meeting('cand-4', minutesFromNow(60));
    for (const record of [later, ended, running, broken, afterBroken, foreign, unasked]) {
      await store.meetings.save(record);
    }

    const found = await store.meetings.nextMeetingsForCandidates(
      'tenant-a',
      ['cand-1', 'cand-2', 'cand-3', 'cand-1', 'cand-none'],
      now,
    );
    const byCandidate = new Map(found.map((m) => [m.candidateId, m]));
    expect([...byCandidate.keys()].sort()).toEqual(['cand-1', 'cand-2']);
    expect(found).toHaveLength(2);
    expect(byCandidate.get('cand-1')).toEqual(running);
    expect(byCandidate.get('cand-2')).toEqual(broken);

    expect(await store.meetings.nextMeetingsForCandidates('tenant-a', [], now)).toEqual([]);
    const atEnd = await store.meetings.nextMeetingsForCandidates(
      'tenant-a',
      ['cand-1'],
      minutesFromNow(1),
    );
    expect(atEnd).toEqual([later]);
  });
});
