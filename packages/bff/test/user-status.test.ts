import { USERS_MANAGE_SCOPE } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import {
  type AtsUser,
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
  meetingRequests,
} from './meeting-world';
import { freshSchema, postgresUrl, storeEngines } from './postgres';

/**
 * `PUT /v1/users/:userId/status` over real HTTP, on both stores: the host says an ATS user is
 * deactivated (their links stop being offered as hosts, their token is refused, nothing is
 * revoked and their meetings keep working) or active again (everything comes back).
 */

const engines = await storeEngines('user-status.test.ts');

// The harness clock starts at 2030-01-15T01:00:00Z and moves only when told.
const aiko = tenantAUser('Aiko', 'recruiter');
const haruka = tenantAUser('Haruka', 'coordinator');
const ivan = tenantAUser('Ivan', 'interviewer');
const bert: AtsUser = {
  sub: 'u-bert',
  tid: 'tenant-b',
  role: 'recruiter',
  name: 'Bert',
  email: 'bert@b.example',
};

const fast: HarnessOptions['meetings'] = {
  ...fastMeetingTuning,
  googleCalendar: fastGoogleCalendar,
};

const slot = { start: '2030-01-20T10:00:00+09:00', durationMinutes: 30 };

function meetingBody(hostConnectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    candidateId: 'cand-1',
    hostConnectionId,
    topic: '一次面接',
    startTime: slot.start,
    durationMinutes: slot.durationMinutes,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: false,
    ...overrides,
  };
}

for (const engine of engines) {
  describe(`deactivated ATS users (${engine})`, () => {
    let h: Harness;
    closeHarnessAfterEach(() => h);

    const start = async () => {
      h = await startHarness({
        meetings: fast,
        ...(engine === 'postgres'
          ? { postgres: { url: postgresUrl, schema: freshSchema('userstatus') } }
          : {}),
      });
    };

    /** The host backend's call: a scheduler's token with the users:manage scope. */
    const setStatus = async (
      userId: string,
      body: unknown,
      caller: AtsUser = aiko,
      scope: string | null = USERS_MANAGE_SCOPE,
    ) =>
      h.api('PUT', `/v1/users/${encodeURIComponent(userId)}/status`, {
        token: await h.token(caller, scope === null ? {} : { scope }),
        body,
      });

    const hosts = async (who: AtsUser = aiko) => {
      const answer = await h.api(
        'GET',
        `/v1/hosts?start=${encodeURIComponent(slot.start)}&durationMinutes=${slot.durationMinutes}`,
        { user: who },
      );
      expect(answer.status, answer.text).toBe(200);
      return (answer.json.hosts as { connectionId: string; ownerUserId: string }[]).map(
        (host) => host.ownerUserId,
      );
    };

    const { put: save } = meetingRequests(() => h, aiko);

    it('when a user is deactivated, then their link is not offered, saving or previewing with it is 409 host_deactivated, their token is refused, and nothing is revoked; reactivated, all comes back', async () => {
      await start();
      const harukaLink = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
      const aikoLink = await linkZoomAccount(h, aiko, h.emulator.zoom.seeded.managedApproved);
      await connectGoogle(h, haruka, 'interviewer');
      const issued = await save('iv-1', meetingBody(harukaLink));
      expect(issued.status, issued.text).toBe(200);
      expect(await hosts()).toEqual(expect.arrayContaining(['u-aiko', 'u-haruka']));

      const off = await setStatus('u-haruka', { active: false });
      expect(off.status, off.text).toBe(200);
      expect(off.json).toEqual({
        userId: 'u-haruka',
        active: false,
        deactivatedAt: new Date(h.clock.nowMs).toISOString(),
      });
      // A write: it spends the caller's write budget.
      expect(off.headers.get('ratelimit-policy')).toMatch(/"writes"/);

      // Not offered as a host, to anyone of the tenant.
      expect(await hosts()).toEqual(['u-aiko']);
      const zoomBefore = h.emulator.zoom.allMeetings().length;
      const refused = await save('iv-2', meetingBody(harukaLink));
      expect(refused.status, refused.text).toBe(409);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.json).toMatchObject({ code: 'host_deactivated', status: 409 });
      expect(h.emulator.zoom.allMeetings()).toHaveLength(zoomBefore);
      expect(await h.store.meetings.findByInterview('tenant-a', 'iv-2')).toBeUndefined();
      const preview = await h.api(
        'GET',
        `/v1/meetings/preview?hostConnectionId=${harukaLink}&start=${encodeURIComponent(slot.start)}&durationMinutes=30&joinBeforeHost=false`,
        { user: aiko },
      );
      expect(preview.json).toMatchObject({ code: 'host_deactivated', status: 409 });

      // Her own token is refused, whatever the route.
      const me = await h.api('GET', '/v1/connections/me', { user: haruka });
      expect(me.status).toBe(403);
      expect(me.json).toMatchObject({ code: 'user_deactivated' });

      // Nothing revoked or deleted: her links stay active, the meeting she hosts stays live.
      expect(h.emulator.zoom.stats().revocations).toBe(0);
      expect(h.emulator.google.stats().revocations).toBe(0);
      expect((await h.store.connections.findById(harukaLink))?.status).toBe('active');
      expect(
        (await h.store.connections.findForUser('tenant-a', 'u-haruka', 'google'))?.status,
      ).toBe('active');
      const kept = await h.api('GET', '/v1/interviews/iv-1/meeting', { user: aiko });
      expect(kept.status, kept.text).toBe(200);
      expect(kept.json).toMatchObject({
        joinUrl: issued.json.joinUrl,
        linkStatus: 'active',
        host: { connectionId: harukaLink },
      });
      expect(h.emulator.zoom.allMeetings().map((m) => m.join_url)).toContain(issued.json.joinUrl);
      // Its interview can still move to another host (and off hers, at Zoom).
      const moved = await save('iv-1', meetingBody(aikoLink));
      expect(moved.status, moved.text).toBe(200);

      const on = await setStatus('u-haruka', { active: true });
      expect(on.status, on.text).toBe(200);
      expect(on.json).toEqual({ userId: 'u-haruka', active: true, deactivatedAt: null });
      expect(await hosts()).toEqual(expect.arrayContaining(['u-aiko', 'u-haruka']));
      expect((await h.api('GET', '/v1/connections/me', { user: haruka })).json.zoom.id).toBe(
        harukaLink,
      );
      const again = await save('iv-2', meetingBody(harukaLink));
      expect(again.status, again.text).toBe(200);
      expect(again.json.host.connectionId).toBe(harukaLink);
    });

    it('when the same status is said twice, then the second changes nothing: the first deactivatedAt stays and one audit entry per change', async () => {
      await start();
      const first = await setStatus('u-haruka', { active: false });
      h.clock.advance(60_000);
      const second = await setStatus('u-haruka', { active: false });
      expect(second.status).toBe(200);
      expect(second.json).toEqual(first.json);
      expect((await setStatus('u-haruka', { active: true })).json.active).toBe(true);
      expect((await setStatus('u-haruka', { active: true })).json).toEqual({
        userId: 'u-haruka',
        active: true,
        deactivatedAt: null,
      });
      // A user the BFF never saw may be deactivated too (before they ever link).
      expect((await setStatus('u-nobody-yet', { active: false })).json.active).toBe(false);

      const audit = (await h.store.audit.listForTenant('tenant-a')).filter(
        (entry) => entry.subjectType === 'user',
      );
      expect(audit.map((entry) => [entry.action, entry.subjectId, entry.actor])).toEqual([
        ['user.deactivated', 'u-haruka', 'u-aiko'],
        ['user.reactivated', 'u-haruka', 'u-aiko'],
        ['user.deactivated', 'u-nobody-yet', 'u-aiko'],
      ]);
    });

    it("when another tenant deactivates the same user id, then only its own tenant is affected: this tenant's link is still offered and the user still signs in", async () => {
      await start();
      const harukaLink = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);

      const other = await setStatus('u-haruka', { active: false }, bert);
      expect(other.status, other.text).toBe(200);

      expect(await hosts()).toEqual(['u-haruka']);
      expect((await h.api('GET', '/v1/connections/me', { user: haruka })).json.zoom.id).toBe(
        harukaLink,
      );
      expect(await h.store.userStatuses.listDeactivated('tenant-a')).toEqual([]);
      expect(
        (await h.store.userStatuses.listDeactivated('tenant-b')).map((row) => row.userId),
      ).toEqual(['u-haruka']);
    });

    it('when the caller lacks the users:manage scope or is an interviewer, then 403 forbidden; without a token 401; nothing is written', async () => {
      await start();
      const noScope = await setStatus('u-haruka', { active: false }, aiko, null);
      expect(noScope.status).toBe(403);
      expect(noScope.json).toMatchObject({ code: 'forbidden' });
      const otherScope = await setStatus('u-haruka', { active: false }, aiko, 'mail:send');
      expect(otherScope.json).toMatchObject({ code: 'forbidden' });
      const interviewer = await setStatus('u-haruka', { active: false }, ivan);
      expect(interviewer.status).toBe(403);
      expect(interviewer.json).toMatchObject({ code: 'forbidden' });
      const anonymous = await h.api('PUT', '/v1/users/u-haruka/status', {
        body: { active: false },
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.json).toMatchObject({ code: 'unauthenticated' });

      expect(await h.store.userStatuses.listDeactivated('tenant-a')).toEqual([]);
      expect(await h.store.audit.listForTenant('tenant-a')).toEqual([]);
    });

    it('when the body or the user id is not valid, then 400 validation_failed pointing at it, and nothing is written', async () => {
      await start();
      const cases: [string, unknown, string][] = [
        ['u-haruka', {}, '/body/active'],
        ['u-haruka', { active: 'false' }, '/body/active'],
        ['u-haruka', { active: null }, '/body/active'],
        ['u-haruka', { active: false, reason: 'left' }, '/body/reason'],
        ['x'.repeat(201), { active: false }, '/params/userId'],
      ];
      for (const [userId, body, pointer] of cases) {
        const answer = await setStatus(userId, body);
        expect(answer.status, answer.text).toBe(400);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(answer.json.code).toBe('validation_failed');
        expect(answer.json.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      }
      const notJson = await h.api('PUT', '/v1/users/u-haruka/status', {
        token: await h.token(aiko, { scope: USERS_MANAGE_SCOPE }),
        rawBody: '{"active":',
        headers: { 'content-type': 'application/json' },
      });
      expect(notJson.json).toMatchObject({ code: 'malformed_json' });

      expect(await h.store.userStatuses.listDeactivated('tenant-a')).toEqual([]);
      expect(await h.store.audit.listForTenant('tenant-a')).toEqual([]);
    });
  });
}
