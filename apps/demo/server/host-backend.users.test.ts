import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The BFF's own test harness: the real BFF over HTTP, with the provider emulator behind it.
import {
  type AtsUser,
  type Harness,
  HOST_ISSUER,
  HOST_SECRET,
  linkZoomAccount,
  startHarness,
} from '../../../packages/bff/test/harness';
import { demoUsers } from './demo-users';
import { createHostBackend } from './host-backend';

let h: Harness;
let baseUrl: string;
let closeBackend: () => Promise<void>;
let kimuraLink: string;

// The same people as the demo users: the BFF knows them only through the tokens.
const asAtsUser = (sub: string): AtsUser => {
  const user = demoUsers.find((candidate) => candidate.sub === sub);
  if (!user) throw new Error(`no demo user ${sub}`);
  const { tid, role, name, email } = user;
  return { sub, tid, role, name, email };
};
const yamada = asAtsUser('acme-recruiter');
const kimura = asAtsUser('acme-recruiter-2');

beforeAll(async () => {
  h = await startHarness();
  // The host backend signs tokens with the real clock; the BFF and emulator follow it here.
  h.clock.nowMs = Date.now();
  kimuraLink = await linkZoomAccount(h, kimura, h.emulator.zoom.seeded.personal);
  await linkZoomAccount(h, yamada, h.emulator.zoom.seeded.managedApproved);

  const app = express();
  app.use(
    createHostBackend({
      bffUrl: h.bffUrl,
      hostTokenSecret: HOST_SECRET,
      hostTokenIssuer: HOST_ISSUER,
    }),
  );
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeBackend = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await closeBackend?.();
  await h?.close();
});

function setStatus(userId: string, signedIn: string, body: unknown) {
  return fetch(`${baseUrl}/host-api/users/${userId}/status?user=${signedIn}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function offeredHosts(): Promise<string[]> {
  const answer = await h.api(
    'GET',
    `/v1/hosts?start=${encodeURIComponent(new Date(Date.now() + 3 * 86_400_000).toISOString())}&durationMinutes=30`,
    { user: yamada },
  );
  expect(answer.status, answer.text).toBe(200);
  return (answer.json.hosts as { connectionId: string }[]).map((host) => host.connectionId);
}

async function listed(sub: string) {
  const users = (await (await fetch(`${baseUrl}/host-api/users`)).json()) as {
    id: string;
    active: boolean;
  }[];
  return users.find((user) => user.id === sub);
}

describe('the mock ATS deactivates and reactivates its users', () => {
  it('when a recruiter deactivates a colleague, then the BFF stops offering their Zoom link, they cannot sign in, and the list marks them; reactivated, all comes back', async () => {
    expect(await offeredHosts()).toContain(kimuraLink);

    const off = await setStatus('acme-recruiter-2', 'acme-recruiter', { active: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ id: 'acme-recruiter-2', active: false });
    expect(await listed('acme-recruiter-2')).toMatchObject({ active: false });
    expect(await offeredHosts()).not.toContain(kimuraLink);
    const token = await fetch(`${baseUrl}/host-api/token?user=acme-recruiter-2`);
    expect(token.status).toBe(403);
    // Nothing revoked at Zoom: the link is kept for when she is back.
    expect(h.emulator.zoom.stats().revocations).toBe(0);

    const on = await setStatus('acme-recruiter-2', 'acme-recruiter', { active: true });
    expect(on.status).toBe(200);
    expect(await listed('acme-recruiter-2')).toMatchObject({ active: true });
    expect(await offeredHosts()).toContain(kimuraLink);
    expect((await fetch(`${baseUrl}/host-api/token?user=acme-recruiter-2`)).status).toBe(200);
  });

  it('when a non-recruiter, another company or the user themself asks, or the body is wrong, then it is refused and the BFF still offers the link', async () => {
    const refusals: [string, string, unknown, number][] = [
      ['acme-recruiter-2', 'acme-coordinator', { active: false }, 403],
      ['acme-recruiter-2', 'acme-interviewer', { active: false }, 403],
      ['acme-recruiter-2', 'globex-recruiter', { active: false }, 404],
      ['acme-recruiter', 'acme-recruiter', { active: false }, 409],
      ['acme-recruiter-2', 'acme-recruiter', { active: 'no' }, 400],
      ['acme-recruiter-2', 'nobody', { active: false }, 401],
    ];
    for (const [target, signedIn, body, status] of refusals) {
      const answer = await setStatus(target, signedIn, body);
      expect([target, signedIn, answer.status]).toEqual([target, signedIn, status]);
    }
    expect(await listed('acme-recruiter-2')).toMatchObject({ active: true });
    expect(await offeredHosts()).toContain(kimuraLink);
    expect(await h.store.userStatuses.listDeactivated('acme')).toEqual([]);
  });
});
