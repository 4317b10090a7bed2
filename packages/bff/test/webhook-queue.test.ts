import { randomUUID } from 'node:crypto';
import { signZoomWebhook } from '@ats-zoom/provider-emulator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src';
import { createReadiness, notReadyReasons } from '../src/http/health';
import {
  type Harness,
  linkZoomAccount,
  startHarness,
  tenantAUser,
  WEBHOOK_SECRET,
} from './harness';
import { closeHarnessAfterEach, fastZoomResilience, meetingBody } from './meeting-world';
import { freshSchema, postgresAvailable, postgresUrl } from './postgres';

const onPostgres = await postgresAvailable('webhook-queue.test.ts');

const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const aiko = tenantAUser('Aiko', 'recruiter');

let h: Harness | undefined;
closeHarnessAfterEach(() => {
  const current = h;
  h = undefined;
  return current;
});

function harness(): Harness {
  if (!h) throw new Error('no harness');
  return h;
}

/** A harness on a fresh PostgreSQL schema, one saved meeting, and a SQL client on the schema. */
async function startWithMeeting() {
  const schema = freshSchema('webhook_queue');
  const started = await startHarness({
    postgres: { url: postgresUrl, schema },
    meetings: { zoomResilience: fastZoomResilience },
  });
  h = started;
  const hostId = await linkZoomAccount(started, aiko, started.emulator.zoom.seeded.managedApproved);
  const saved = await started.api('PUT', '/v1/interviews/iv-1/meeting', {
    user: recruiter,
    body: meetingBody(hostId),
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(saved.status, saved.text).toBe(200);
  const sql = async (text: string) => {
    const client = new pg.Client({
      connectionString: postgresUrl,
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };
  return { zoomMeetingId: saved.json.zoomMeetingId as string, sql, schema };
}

function deliverDeleted(zoomMeetingId: string) {
  const h = harness();
  const rawBody = JSON.stringify({
    event: 'meeting.deleted',
    event_ts: h.clock.nowMs,
    payload: { account_id: 'acct', object: { id: Number(zoomMeetingId) } },
  });
  const timestamp = Math.floor(h.clock.nowMs / 1000);
  return h.api('POST', '/v1/webhooks/zoom', {
    rawBody,
    headers: {
      'x-zm-request-timestamp': String(timestamp),
      'x-zm-signature': signZoomWebhook(WEBHOOK_SECRET, timestamp, rawBody),
    },
  });
}

const linkStatus = async () =>
  (await harness().api('GET', '/v1/interviews/iv-1/meeting', { user: recruiter })).json?.linkStatus;

describe.runIf(onPostgres)('the Zoom webhook queue on postgres', () => {
  it('when processing is held up by the database, then the delivery is still acknowledged within about 1 s and processed once the database lets go', async () => {
    const { zoomMeetingId, schema } = await startWithMeeting();
    const blocker = new pg.Client({ connectionString: postgresUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`lock table "${schema}".audit_log in access exclusive mode`);

      const started = performance.now();
      const answer = await deliverDeleted(zoomMeetingId);
      const tookMs = performance.now() - started;

      expect(answer.status).toBe(200);
      expect(tookMs).toBeLessThan(2_500);
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    await expect.poll(linkStatus, { timeout: 5_000 }).toBe('broken');
  });

  it('when processing fails, then the delivery is acknowledged anyway and the queue retries it after its backoff, with one effect', async () => {
    const { zoomMeetingId, sql } = await startWithMeeting();
    // While armed, the audit entry of a broken link fails: its whole transaction rolls back.
    await sql(`create table fail_armed (armed boolean not null);
      insert into fail_armed values (true);
      create function fail_armed_fn() returns trigger language plpgsql as $$
      begin
        if new.action = 'meeting.broken' and exists (select 1 from fail_armed where armed) then
          raise exception 'injected failure';
        end if;
        return new;
      end $$;
      create trigger fail_armed_trigger before insert on audit_log
        for each row execute function fail_armed_fn();`);

    const answer = await deliverDeleted(zoomMeetingId);

    expect(answer.status).toBe(200);
    await sql('update fail_armed set armed = false');
    const [failed] = await sql('select status, attempts, last_error from webhook_jobs');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await linkStatus()).toBe('active');

    // Past the first backoff (5 s on the BFF's clock): the loop (every 1 s) takes it again.
    harness().clock.advance(6_000);
    await expect.poll(linkStatus, { timeout: 5_000 }).toBe('broken');
    expect(await sql('select status, attempts from webhook_jobs')).toEqual([
      { status: 'done', attempts: 2 },
    ]);
    expect(
      await sql(`select count(*)::int as n from audit_log where action = 'meeting.broken'`),
    ).toEqual([{ n: 1 }]);
  });
});

describe('readiness and the webhook queue loop', () => {
  it('when the webhook loop has stopped or stalled, then /readyz says so', async () => {
    const store = await openStore({ sqlitePath: ':memory:' });
    try {
      let state: 'running' | 'stopped' | 'stalled' = 'running';
      const readiness = createReadiness({ store, webhookLoop: { liveness: () => state } });
      expect(await readiness.check()).toBeUndefined();
      state = 'stalled';
      expect(await readiness.check()).toBe(notReadyReasons.webhookLoopStalled);
      state = 'stopped';
      expect(await readiness.check()).toBe(notReadyReasons.webhookLoopStopped);
    } finally {
      await store.close();
    }
  });
});
