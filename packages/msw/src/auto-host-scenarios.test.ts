import { type SaveMeetingInput, saveBodyOfMeeting } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  contractCheckedClient,
  failureOf,
  issuedOf,
  setupScenarioServer,
} from '../test/scenario-server';
import { createScenarioHandlers } from './bff-scenarios';
import { hostScenarios } from './host-scenarios';
import { hostFixtures, tokyoSlotStart } from './meeting-fixtures';
import { interviewerFixtures, meetingScenarios } from './meeting-scenarios';
import { previewScenarios } from './preview-scenarios';

const server = setupScenarioServer();
const client = contractCheckedClient();
const slot = { start: tokyoSlotStart(3), durationMinutes: 60 };
const { freeHost, busyHost, colleagueHost, basicHost, unknownHost } = hostFixtures;
const ids = (...hosts: { ownerUserId: string }[]) => hosts.map((h) => h.ownerUserId).join(',');

const autoBody: SaveMeetingInput = {
  candidateId: 'cand_1',
  host: { auto: true },
  interviewers: [{ userId: busyHost.ownerUserId }, { userId: colleagueHost.ownerUserId }],
  topic: '一次面接',
  startTime: slot.start,
  durationMinutes: 60,
  timezone: 'Asia/Tokyo',
  joinBeforeHost: false,
};

describe('自動で選ぶ in the host list', () => {
  it('when hostsAutoInterviewerFree is asked with a busy and a free interviewer, then the free interviewer is picked and the busy one passed over', async () => {
    server.use(...hostScenarios.hostsAutoInterviewerFree({ baseUrl }));

    const { auto } = await client.listHosts({
      ...slot,
      interviewers: ids(busyHost, colleagueHost),
    });

    expect(auto).toMatchObject({
      connectionId: colleagueHost.connectionId,
      ownerName: '小林 直樹',
      role: 'interviewer',
    });
    expect(auto.passedOver).toEqual([
      expect.objectContaining({ ownerName: '佐藤 花子', role: 'interviewer', reason: 'busy' }),
    ]);
  });

  it('when a preferred host is free, then it is picked before the interviewers; without anyone listed, the scheduler', async () => {
    server.use(...hostScenarios.hostsAutoInterviewerFree({ baseUrl }));

    const preferred = await client.listHosts({
      ...slot,
      interviewers: ids(colleagueHost),
      prefer: ids(freeHost),
    });
    const alone = await client.listHosts(slot);

    expect(preferred.auto).toMatchObject({ ownerName: '田中 太郎', role: 'preferred' });
    expect(alone.auto).toMatchObject({ ownerName: '田中 太郎', role: 'scheduler' });
  });

  it('when hostsAutoNobodyFree, then nobody is picked and every host is passed over with why', async () => {
    server.use(...hostScenarios.hostsAutoNobodyFree({ baseUrl }));

    const { auto } = await client.listHosts({ ...slot, interviewers: ids(unknownHost) });

    expect(auto.connectionId).toBeNull();
    expect(auto.role).toBeNull();
    const tried = auto.passedOver.map(({ ownerName, role, reason }) => [ownerName, role, reason]);
    // The interviewer first, then the others by name.
    expect(tried[0]).toEqual(['鈴木 一郎', 'interviewer', 'unknown']);
    expect(tried.slice(1)).toEqual(
      expect.arrayContaining([
        ['佐藤 花子', 'other', 'busy'],
        ['山本 さくら', 'other', 'busy'],
        ['高橋 美咲', 'other', 'unavailable'],
      ]),
    );
    expect(tried).toHaveLength(4);
  });
});

describe('who can start the meeting in the preview', () => {
  const interviewers = ids(colleagueHost, busyHost, basicHost, unknownHost, {
    ownerUserId: 'user_watanabe',
  });
  /** The preview of a meeting hosted by 小林 直樹 with every interviewer, in one scenario. */
  const previewIn = (name: 'previewAlternativeHosts' | 'previewBasicHost') => {
    server.use(...previewScenarios[name]({ baseUrl }));
    return client.getMeetingPreview({
      hostConnectionId: colleagueHost.connectionId,
      ...slot,
      joinBeforeHost: false,
      interviewers,
    });
  };

  it('when previewAlternativeHosts is asked with 小林 直樹 as the host, then each interviewer says whether and why', async () => {
    const preview = await previewIn('previewAlternativeHosts');

    expect(preview.interviewers.map(({ name, status }) => [name, status])).toEqual([
      ['小林 直樹', 'host'],
      ['佐藤 花子', 'alternative_host'],
      ['加藤 由美', 'not_licensed'],
      ['鈴木 一郎', 'different_account'],
      [null, 'not_connected'],
    ]);
  });

  it('when previewBasicHost, then nobody but the host can start it: the host has no alternative hosts', async () => {
    const preview = await previewIn('previewBasicHost');

    expect(preview.interviewers.map(({ status }) => status)).toEqual([
      'host',
      'host_not_licensed',
      'host_not_licensed',
      'host_not_licensed',
      'not_connected',
    ]);
  });
});

describe('自動で選ぶ on the meeting', () => {
  it('when meetingAutoPicked, then the meeting says it was picked automatically, why, and who the alternative hosts are', async () => {
    server.use(...meetingScenarios.meetingAutoPicked({ baseUrl }));

    const meeting = await issuedOf(client);

    expect(meeting.host.ownerName).toBe('小林 直樹');
    expect(meeting.hostChoice).toMatchObject({ auto: true, role: 'interviewer' });
    expect(meeting.hostChoice.passedOver).toEqual([
      expect.objectContaining({ ownerName: '佐藤 花子', reason: 'busy' }),
    ]);
    expect(meeting.interviewers.map(({ name, status }) => [name, status])).toEqual([
      ['佐藤 花子', 'alternative_host'],
      ['小林 直樹', 'host'],
      ['加藤 由美', 'not_licensed'],
      ['鈴木 一郎', 'different_account'],
      ['渡辺 翔', 'not_connected'],
    ]);
    expect(interviewerFixtures).toHaveLength(5);
  });

  it('when meetingAutoPicked is saved again as it is, then it stays automatic with the same host and URL', async () => {
    server.use(...meetingScenarios.meetingAutoPicked({ baseUrl }));
    const meeting = await issuedOf(client);

    const saved = await client.saveInterviewMeeting('int_1', saveBodyOfMeeting(meeting), {
      idempotencyKey: 'k-again',
    });

    expect(saved.hostChoice.auto).toBe(true);
    expect(saved.host.connectionId).toBe(meeting.host.connectionId);
    expect(saved.joinUrl).toBe(meeting.joinUrl);
    expect(saved.interviewers).toEqual(meeting.interviewers);
  });

  it('when a save asks for 自動で選ぶ, then the answer names the picked host and why', async () => {
    server.use(...meetingScenarios.meetingNone({ baseUrl }));

    const saved = await client.saveInterviewMeeting('int_2', autoBody, { idempotencyKey: 'k1' });

    expect(saved.host.ownerName).toBe('小林 直樹');
    expect(saved.hostChoice).toMatchObject({ auto: true, prefer: [], role: 'interviewer' });
    expect(saved.interviewers.map(({ status }) => status)).toEqual(['alternative_host', 'host']);
  });

  it('when meetingSaveNoHostAvailable, then re-issuing the broken automatic meeting is refused with every host passed over and nothing is saved; a chosen host still saves', async () => {
    server.use(...meetingScenarios.meetingSaveNoHostAvailable({ baseUrl }));
    const broken = await issuedOf(client, 'int_3');

    const error = await failureOf(
      client.saveInterviewMeeting('int_3', saveBodyOfMeeting(broken), { idempotencyKey: 'k1' }),
    );

    expect(error.status).toBe(409);
    expect(error.code).toBe('no_host_available');
    expect(error.problem?.passedOver?.[0]).toMatchObject({
      ownerName: '佐藤 花子',
      reason: 'busy',
    });
    expect(error.problem?.passedOver?.map((host) => host.reason)).toContain('unavailable');
    expect(broken).toMatchObject({ linkStatus: 'broken', hostChoice: { auto: true } });
    expect(await issuedOf(client, 'int_3')).toEqual(broken);
    const { host: _auto, ...rest } = autoBody;
    const chosen = await client.saveInterviewMeeting(
      'int_3',
      { ...rest, hostConnectionId: busyHost.connectionId },
      { idempotencyKey: 'k2' },
    );
    expect(chosen.hostChoice.auto).toBe(false);
  });

  it('when the whole fake BFF has nobody free (hostsAutoNobodyFree), then a save with 自動で選ぶ is refused the same way', async () => {
    server.use(
      ...createScenarioHandlers({ baseUrl, hosts: 'hostsAutoNobodyFree', zoom: 'notConnected' }),
    );

    const error = await failureOf(
      client.saveInterviewMeeting('int_4', autoBody, { idempotencyKey: 'k1' }),
    );

    expect(error.code).toBe('no_host_available');
  });
});
