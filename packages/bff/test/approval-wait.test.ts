import { afterEach, describe, expect, it } from 'vitest';
import {
  type ApiAnswer,
  type AtsUser,
  type Harness,
  type HarnessOptions,
  HOST_ORIGIN,
  runConnect,
  startHarness,
  tenantAUser,
} from './harness';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

/**
 * The wait for a Zoom admin's pre-approval, over real HTTP on both stores: Zoom's pre-approval
 * page never redirects back, so the user says they asked (`PUT …/approval-wait` `{ waiting:
 * true }`); the wait outlives the 10-minute OAuth attempt, `GET /v1/connections/me` reports it
 * until the user connects or withdraws it (`{ waiting: false }`), and nobody else can see or
 * touch it.
 */

const engines = await storeEngines('approval-wait.test.ts');

// The harness clock starts at 2030-01-15T01:00:00Z and moves only when told.
const aiko = tenantAUser('Aiko', 'interviewer');
const haruka = tenantAUser('Haruka', 'recruiter');
// Another tenant's user with the same `sub` as Aiko.
const bert: AtsUser = { ...aiko, tid: 'tenant-b', name: 'Bert', email: 'bert@b.example' };
const waitPath = '/v1/connections/zoom/approval-wait';

function expectProblem(answer: ApiAnswer, status: number, code: string) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.json).toMatchObject({ status, code });
}

for (const engine of engines) {
  describe(`waiting for the Zoom admin's pre-approval (${engine})`, () => {
    let h: Harness;

    afterEach(async () => {
      await h?.close();
    });

    const start = async (options: HarnessOptions = {}) => {
      h = await startHarness({
        ...options,
        ...(engine === 'postgres'
          ? { postgres: { url: postgresUrl, schema: freshSchema('approvalwait') } }
          : {}),
      });
    };
    const setWait = (waiting: unknown, who: AtsUser = aiko) =>
      h.api('PUT', waitPath, { user: who, body: { waiting } });
    const me = async (who: AtsUser = aiko) => {
      const answer = await h.api('GET', '/v1/connections/me', { user: who });
      expect(answer.status, answer.text).toBe(200);
      return answer.json;
    };
    const auditActions = async (tenantId = 'tenant-a') =>
      (await h.store.audit.listForTenant(tenantId))
        .filter((entry) => entry.action.startsWith('zoom_approval.'))
        .map((entry) => [entry.action, entry.actor, entry.subjectId]);

    /** The member of a company that has not pre-approved the app requests it on Zoom's page. */
    const requestPreApprovalAtZoom = async (who: AtsUser) => {
      const pending = h.emulator.zoom.seeded.managedPending;
      const run = await runConnect(h, who, pending);
      expect(run.final.text).toContain('This app requires pre-approval');
      const form = Object.fromEntries(new URL(run.zoomAuthorizeUrl).searchParams);
      const sent = await run.browser.postForm(
        `${h.emulator.url}${h.emulator.zoom.paths.authorize}`,
        { ...form, account: pending.id, decision: 'request_preapproval' },
      );
      // Zoom stays on its page: no redirect, the attempt stays pending.
      expect(sent.location).toBeNull();
      expect(sent.text).toContain('Pre-approval requested');
      return run;
    };

    it('when the user says they requested pre-approval, then /connections/me reports the wait with its time, across the attempt expiry and days, and saying it again keeps the first time', async () => {
      await start();
      const run = await requestPreApprovalAtZoom(aiko);
      expect((await me()).zoomApprovalWait).toBeUndefined();

      const recorded = await setWait(true);
      expect(recorded.status, recorded.text).toBe(200);
      const waiting = {
        zoom: null,
        google: null,
        zoomApprovalWait: { since: '2030-01-15T01:00:00.000Z' },
      };
      // It answers the user's links as /connections/me does.
      expect(recorded.json).toEqual(waiting);
      expect(await me()).toEqual(waiting);

      // The OAuth attempt expires after 10 minutes; the admin takes two days.
      h.clock.advance(2 * 24 * 60 * 60 * 1000);
      const attempt = await h.api('GET', `/v1/oauth/attempts/${run.attemptId}`, { user: aiko });
      expect(attempt.json.status).toBe('expired');
      expect((await me()).zoomApprovalWait).toEqual({ since: '2030-01-15T01:00:00.000Z' });

      const again = await setWait(true);
      expect(again.json).toEqual(waiting);
      expect(await auditActions()).toEqual([['zoom_approval.requested', 'u-aiko', 'u-aiko']]);
    });

    it('when the user withdraws the wait, then /connections/me says not connected and waiting no more; withdrawing again is harmless', async () => {
      await start();
      await requestPreApprovalAtZoom(aiko);
      await setWait(true);

      const withdrawn = await setWait(false);
      expect(withdrawn.status, withdrawn.text).toBe(200);
      expect(withdrawn.json).toEqual({ zoom: null, google: null });
      expect(await me()).toEqual({ zoom: null, google: null });
      expect((await setWait(false)).status).toBe(200);
      expect(await auditActions()).toEqual([
        ['zoom_approval.requested', 'u-aiko', 'u-aiko'],
        ['zoom_approval.withdrawn', 'u-aiko', 'u-aiko'],
      ]);
    });

    it('when the admin approves and the user connects, then the link is active and the wait is gone', async () => {
      await start();
      await requestPreApprovalAtZoom(aiko);
      await setWait(true);
      h.clock.advance(24 * 60 * 60 * 1000);

      const pending = h.emulator.zoom.seeded.managedPending;
      h.emulator.zoom.preApprove(pending.account_id);
      const run = await runConnect(h, aiko, pending);
      expect(run.final.text).toContain(`"ok":true},"${HOST_ORIGIN}")`);

      const after = await me();
      expect(after.zoom).toMatchObject({ status: 'active', email: pending.email });
      expect(after).not.toHaveProperty('zoomApprovalWait');
      expect(await h.store.approvalWaits.find('tenant-a', 'u-aiko')).toBeUndefined();
      // Saying it while linked records nothing; disconnecting later brings no wait back.
      expect((await setWait(true)).json).not.toHaveProperty('zoomApprovalWait');
      await h.api('DELETE', `/v1/connections/${after.zoom.id}`, { user: aiko });
      expect(await me()).toEqual({ zoom: null, google: null });
    });

    it("when another user of the tenant or a same-named user of another tenant reads or withdraws, then they see no wait and the user's wait stays", async () => {
      await start();
      await setWait(true);

      expect(await me(haruka)).toEqual({ zoom: null, google: null });
      expect(await me(bert)).toEqual({ zoom: null, google: null });
      expect((await setWait(false, haruka)).json).toEqual({ zoom: null, google: null });
      expect((await setWait(false, bert)).json).toEqual({ zoom: null, google: null });

      expect((await me()).zoomApprovalWait).toEqual({ since: '2030-01-15T01:00:00.000Z' });
      expect(await auditActions('tenant-b')).toEqual([]);
      expect(await auditActions()).toEqual([['zoom_approval.requested', 'u-aiko', 'u-aiko']]);
    });

    it('when the input is bad or the caller unknown, then problem+json answers and nothing is written', async () => {
      await start();
      expectProblem(
        await h.api('PUT', '/v1/connections/google/approval-wait', {
          user: aiko,
          body: { waiting: true },
        }),
        404,
        'not_found',
      );
      expectProblem(await setWait('yes'), 400, 'validation_failed');
      expectProblem(
        await h.api('PUT', waitPath, { user: aiko, body: {} }),
        400,
        'validation_failed',
      );
      expectProblem(
        await h.api('PUT', waitPath, {
          user: aiko,
          body: { waiting: true, since: '2020-01-01T00:00:00Z' },
        }),
        400,
        'validation_failed',
      );
      expectProblem(
        await h.api('PUT', waitPath, {
          user: aiko,
          rawBody: '{"waiting":',
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'malformed_json',
      );
      expectProblem(
        await h.api('PUT', waitPath, { body: { waiting: true } }),
        401,
        'unauthenticated',
      );
      expectProblem(await h.api('DELETE', waitPath, { user: aiko }), 404, 'not_found');

      expect(await h.store.approvalWaits.find('tenant-a', 'u-aiko')).toBeUndefined();
      expect(await me()).toEqual({ zoom: null, google: null });
      expect(await auditActions()).toEqual([]);
    });

    it("when the user's writes budget is spent, then saying it answers 429 rate_limited and nothing is written", async () => {
      await start({ rateLimits: { writesPerUser: { limit: 2, windowSeconds: 60 } } });
      expect((await setWait(false)).status).toBe(200);
      expect((await setWait(false)).status).toBe(200);

      const refused = await setWait(true);
      expectProblem(refused, 429, 'rate_limited');
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await h.store.approvalWaits.find('tenant-a', 'u-aiko')).toBeUndefined();
      expect(await auditActions()).toEqual([]);
    });
  });
}
