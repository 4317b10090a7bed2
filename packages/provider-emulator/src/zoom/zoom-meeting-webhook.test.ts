import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zoomApi } from '../../test/zoom-api-driver';
import {
  connectUser,
  postForm,
  startTestEmulator,
  type TestClock,
} from '../../test/zoom-oauth-driver';
import { type RunningProviderEmulator, signZoomWebhook } from '../index';

const SECRET_TOKEN = 'meeting-webhook-secret';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

let emulator: RunningProviderEmulator;
let clock: TestClock;
let receiver: Server;
let deliveries: Delivery[];

beforeEach(async () => {
  deliveries = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  ({ emulator, clock } = await startTestEmulator({
    webhook: { url: `http://127.0.0.1:${port}/v1/webhooks/zoom`, secretToken: SECRET_TOKEN },
  }));
});
afterEach(async () => {
  await emulator.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

function verifiedEvent(delivery: Delivery | undefined) {
  if (!delivery) throw new Error('no delivery');
  const timestamp = String(delivery.headers['x-zm-request-timestamp']);
  expect(delivery.headers['x-zm-signature']).toBe(
    signZoomWebhook(SECRET_TOKEN, timestamp, delivery.rawBody),
  );
  return JSON.parse(delivery.rawBody);
}

const seededMeeting = () => {
  const [meeting] = emulator.zoom.meetings(emulator.zoom.seeded.managedApproved.id);
  if (!meeting) throw new Error('the seed has no meeting for managedApproved');
  return meeting;
};

describe('meeting webhooks from changes made in Zoom’s web UI', () => {
  it('when the host deletes a meeting, then a signed meeting.deleted arrives and the API no longer knows it', async () => {
    const meeting = seededMeeting();
    const { managedApproved } = emulator.zoom.seeded;

    const status = await emulator.zoom.deleteMeetingAsUser(meeting.id);

    expect(status).toBe(200);
    expect(verifiedEvent(deliveries[0])).toEqual({
      event: 'meeting.deleted',
      event_ts: clock.now(),
      payload: {
        account_id: managedApproved.account_id,
        operator: managedApproved.email,
        operator_id: managedApproved.id,
        operation: 'single',
        object: {
          uuid: meeting.uuid,
          id: meeting.id,
          host_id: managedApproved.id,
          topic: 'Weekly sync',
          type: 2,
          start_time: '2025-10-02T01:00:00Z',
          duration: 60,
          timezone: 'Asia/Tokyo',
        },
      },
    });
    const token = (await connectUser(emulator, managedApproved.id)).access_token;
    expect((await zoomApi(emulator, token, 'GET', `/meetings/${meeting.id}`)).status).toBe(404);
  });

  it('when the host moves a meeting, then meeting.updated carries the new object, the old one and time_stamp', async () => {
    const meeting = seededMeeting();

    await emulator.zoom.updateMeetingAsUser(meeting.id, {
      start_time: '2025-10-02T03:00:00Z',
      duration: 30,
    });

    const event = verifiedEvent(deliveries[0]);
    expect(event.event).toBe('meeting.updated');
    expect(event.payload.object).toMatchObject({
      id: meeting.id,
      start_time: '2025-10-02T03:00:00Z',
      duration: 30,
    });
    expect(event.payload.old_object).toMatchObject({
      id: meeting.id,
      start_time: '2025-10-02T01:00:00Z',
      duration: 60,
    });
    expect(event.payload.time_stamp).toBe(clock.now());
    expect(seededMeeting()).toMatchObject({ start_time: '2025-10-02T03:00:00Z', duration: 30 });
  });

  it('when the host changes the passcode, then meeting.updated carries the new password and the join URL changes with it', async () => {
    const meeting = seededMeeting();

    await emulator.zoom.updateMeetingAsUser(meeting.id, { password: 'Nw7k2Qp9' });

    const event = verifiedEvent(deliveries[0]);
    expect(event.event).toBe('meeting.updated');
    expect(event.payload.object).toMatchObject({ id: meeting.id, password: 'Nw7k2Qp9' });
    expect(event.payload.old_object).not.toHaveProperty('password');
    const after = seededMeeting();
    expect(after.password).toBe('Nw7k2Qp9');
    expect(after.join_url).not.toBe(meeting.join_url);
  });

  it('when the host edits an unknown meeting or moves one into the past, then it is refused and nothing is sent', async () => {
    await expect(emulator.zoom.deleteMeetingAsUser(12345678901)).rejects.toThrow(
      'Meeting does not exist: 12345678901.',
    );
    await expect(
      emulator.zoom.updateMeetingAsUser(seededMeeting().id, { start_time: '2020-01-01T00:00:00Z' }),
    ).rejects.toThrow(/start_time/);
    expect(deliveries).toEqual([]);
  });

  it('when the admin page’s Delete and Save are pressed, then the events go out and the page reports the receiver’s status', async () => {
    const meeting = seededMeeting();
    const page = await (await fetch(new URL(emulator.zoom.paths.admin, emulator.url))).text();
    expect(page).toContain(`Delete Weekly sync (${meeting.id}) (send meeting.deleted)`);
    const post = (path: string, fields: Record<string, string>) => postForm(emulator, path, fields);

    const saved = await post('/zoom/admin/meetings/update', {
      meeting_id: String(meeting.id),
      topic: 'Weekly sync (moved)',
      start_time: '2025-10-02T02:00:00Z',
      duration: '60',
    });
    const notice = await (
      await fetch(new URL(saved.headers.get('location') ?? '', emulator.url))
    ).text();
    await post('/zoom/admin/meetings/delete', { meeting_id: String(meeting.id) });

    expect(notice).toContain('meeting.updated sent; the receiver answered HTTP 200.');
    expect(deliveries.map((d) => verifiedEvent(d).event)).toEqual([
      'meeting.updated',
      'meeting.deleted',
    ]);
    expect(verifiedEvent(deliveries[1]).payload.object.topic).toBe('Weekly sync (moved)');
    expect(emulator.zoom.meetings(emulator.zoom.seeded.managedApproved.id)).toEqual([]);
  });
});

describe('seeded meetings', () => {
  it('when the emulator starts, then managedApproved is busy tomorrow 10:00-11:00 Tokyo, personal has one, the others are free', () => {
    const { seeded } = emulator.zoom;

    expect(seededMeeting()).toMatchObject({
      start_time: '2025-10-02T01:00:00Z',
      duration: 60,
      timezone: 'Asia/Tokyo',
    });
    expect(emulator.zoom.meetings(seeded.personal.id)).toHaveLength(1);
    for (const free of [seeded.personal2, seeded.managedApproved2, seeded.managedPending]) {
      expect(emulator.zoom.meetings(free.id)).toEqual([]);
    }
  });

  it('when a test seeds a meeting, then the host is busy then, with the create rules applied', () => {
    const meeting = emulator.zoom.seedMeeting(emulator.zoom.seeded.managedApproved2.id, {
      start_time: '2025-10-03T14:00:00',
      duration: 45,
      topic: 'Board meeting',
    });

    expect(meeting).toMatchObject({
      start_time: '2025-10-03T18:00:00Z',
      timezone: 'America/New_York',
      status: 'waiting',
    });
    expect(meeting.password).toBeDefined();
    expect(emulator.zoom.meetings(emulator.zoom.seeded.managedApproved2.id)).toEqual([meeting]);
    expect(() =>
      emulator.zoom.seedMeeting('nobody', {
        start_time: '2025-10-03T14:00:00Z',
        duration: 1,
        topic: 'x',
      }),
    ).toThrow(/Unknown Zoom user/);
  });
});
