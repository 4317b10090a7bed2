import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AtsUser, type Harness, runConnect, startHarness } from './harness';

const alice: AtsUser = {
  sub: 'u-alice',
  tid: 'tenant-a',
  role: 'recruiter',
  name: 'Alice Abe',
  email: 'alice@a.example',
};
const bob: AtsUser = {
  sub: 'u-bob',
  tid: 'tenant-a',
  role: 'interviewer',
  name: 'Bob Baba',
  email: 'bob@a.example',
};
const carol: AtsUser = {
  sub: 'u-carol',
  tid: 'tenant-b',
  role: 'coordinator',
  name: 'Carol Chiba',
  email: 'carol@b.example',
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function myZoom(user: AtsUser) {
  return (await h.api('GET', '/v1/connections/me', { user })).json.zoom;
}

describe('one Zoom account is live for one ATS account', () => {
  it('when a second user of the same tenant authorizes the same Zoom user, then the link moves and both sides are told who', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    const aliceBefore = await myZoom(alice);
    await runConnect(h, bob, zoomUser);

    const aliceAfter = await myZoom(alice);
    const bobs = await myZoom(bob);
    expect(aliceAfter).toMatchObject({
      id: aliceBefore.id,
      status: 'moved',
      movedTo: { scope: 'same_tenant', userName: 'Bob Baba' },
    });
    expect(bobs).toMatchObject({
      status: 'active',
      email: zoomUser.email,
      movedFrom: { scope: 'same_tenant', userName: 'Alice Abe' },
      movedTo: null,
    });
    const aliceRow = await h.store.connections.findById(aliceBefore.id);
    expect(aliceRow?.tokenCiphertext).toBeNull();
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['connection.moved_out', 'connection.moved_in']),
    );
    expect(audit.find((e) => e.action === 'connection.moved_out')?.subjectId).toBe(aliceBefore.id);
    expect(h.emulator.zoom.liveGrantCount(zoomUser.id)).toBe(1);
  });

  it('when a user of another tenant takes the Zoom user, then each side only learns "another organization"', async () => {
    const zoomUser = h.emulator.zoom.seeded.managedApproved;
    await runConnect(h, alice, zoomUser);
    await runConnect(h, carol, zoomUser);

    const aliceView = await h.api('GET', '/v1/connections/me', { user: alice });
    const carolView = await h.api('GET', '/v1/connections/me', { user: carol });
    expect(aliceView.json.zoom).toMatchObject({
      status: 'moved',
      movedTo: { scope: 'other_tenant' },
    });
    expect(carolView.json.zoom).toMatchObject({
      status: 'active',
      movedFrom: { scope: 'other_tenant' },
    });
    expect(aliceView.text).not.toMatch(/Carol|u-carol|tenant-b/);
    expect(carolView.text).not.toMatch(/Alice|u-alice|tenant-a/);
    expect((await h.store.audit.listForTenant('tenant-a')).map((e) => e.action)).toContain(
      'connection.moved_out',
    );
    expect((await h.store.audit.listForTenant('tenant-b')).map((e) => e.action)).toContain(
      'connection.moved_in',
    );
    expect(JSON.stringify(await h.store.audit.listForTenant('tenant-b'))).not.toMatch(/u-alice/);
  });

  it('when a user links a different Zoom account, then the older grant is revoked at Zoom', async () => {
    await runConnect(h, alice, h.emulator.zoom.seeded.personal);
    await runConnect(h, alice, h.emulator.zoom.seeded.personal2);
    expect(h.emulator.zoom.liveGrantCount(h.emulator.zoom.seeded.personal.id)).toBe(0);
    expect(h.emulator.zoom.stats().revocations).toBe(1);
    expect(await myZoom(alice)).toMatchObject({
      status: 'active',
      email: h.emulator.zoom.seeded.personal2.email,
    });
  });

  it('when the same user re-authorizes the same Zoom account, then the one row is refreshed, not duplicated', async () => {
    await runConnect(h, alice, h.emulator.zoom.seeded.personal);
    const first = await myZoom(alice);
    await runConnect(h, alice, h.emulator.zoom.seeded.personal);
    const second = await myZoom(alice);
    expect(second).toMatchObject({ id: first.id, status: 'active', movedFrom: null });
    expect(await h.store.connections.listForTenant('tenant-a', 'zoom')).toHaveLength(1);
  });
});

describe('the moved-in notice is one-time', () => {
  const ack = (user: AtsUser, connectionId: string) =>
    h.api('POST', `/v1/connections/${connectionId}/notices/ack`, { user });

  it('when the new holder acknowledges it, then later reads (any device) leave movedFrom out, and the audit keeps who it came from', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    await runConnect(h, bob, zoomUser);
    const movedIn = await myZoom(bob);
    expect(movedIn.movedFrom).toEqual({ scope: 'same_tenant', userName: 'Alice Abe' });

    const first = await ack(bob, movedIn.id);
    const again = await ack(bob, movedIn.id);

    expect([first.status, again.status]).toEqual([204, 204]);
    expect(await myZoom(bob)).toMatchObject({ id: movedIn.id, status: 'active', movedFrom: null });
    // The moved-out side is a state with an action (再連携), not a notice: it stays.
    expect(await myZoom(alice)).toMatchObject({
      status: 'moved',
      movedTo: { scope: 'same_tenant', userName: 'Bob Baba' },
    });
    const audit = await h.store.audit.listForTenant('tenant-a');
    expect(audit.find((e) => e.action === 'connection.moved_in')?.details).toMatchObject({
      from: { userId: 'u-alice' },
    });
  });

  it('when someone else acknowledges a link, then it looks absent (404) and the notice stays', async () => {
    const zoomUser = h.emulator.zoom.seeded.personal;
    await runConnect(h, alice, zoomUser);
    await runConnect(h, bob, zoomUser);
    const movedIn = await myZoom(bob);

    const colleague = await ack(alice, movedIn.id);
    const outsider = await ack(carol, movedIn.id);
    const unknown = await ack(bob, 'no-such-connection');

    expect([colleague, outsider, unknown].map((r) => [r.status, r.json.code])).toEqual([
      [404, 'not_found'],
      [404, 'not_found'],
      [404, 'not_found'],
    ]);
    expect((await myZoom(bob)).movedFrom).toEqual({ scope: 'same_tenant', userName: 'Alice Abe' });
  });
});
