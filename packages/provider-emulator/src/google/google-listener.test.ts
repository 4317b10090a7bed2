import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clientSecretPost,
  GOOGLE_REDIRECT_URI,
  googleAuthorizeParams,
  interviewEvent,
  startGoogleEmulator,
} from '../../test/google-driver';
import { hiddenFields, redirectParams } from '../../test/zoom-oauth-driver';
import { GOOGLE_ROUTE_GROUPS, type RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
beforeEach(async () => {
  ({ emulator } = await startGoogleEmulator());
});
afterEach(async () => {
  await emulator.close();
});

/** The consent step on the Google listener, following the form's own action. */
async function consentAtRoot(sub: string): Promise<string> {
  const url = new URL('/o/oauth2/v2/auth', emulator.googleUrl);
  url.search = new URLSearchParams(googleAuthorizeParams()).toString();
  const page = await fetch(url);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  expect(action).toBe('/o/oauth2/v2/auth');
  const decided = await fetch(new URL(action ?? '', emulator.googleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...hiddenFields(html), account: sub, decision: 'allow' }),
    redirect: 'manual',
  });
  expect(decided.status).toBe(302);
  const token = await fetch(new URL('/token', emulator.googleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: redirectParams(decided).get('code') ?? '',
      redirect_uri: GOOGLE_REDIRECT_URI,
      ...clientSecretPost,
    }),
  });
  expect(token.status).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

describe('Google listener (Google at the root of googleUrl)', () => {
  it('when a user consents and an event is inserted at the root, then /google and the handle see the same event', async () => {
    const recruiter = emulator.google.seeded.recruiter;
    const token = await consentAtRoot(recruiter.sub);

    const inserted = await fetch(`${emulator.googleUrl}/calendar/v3/calendars/primary/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(interviewEvent()),
    });
    expect(inserted.status).toBe(200);
    const { id } = (await inserted.json()) as { id: string };

    const viaMount = await fetch(
      `${emulator.url}${emulator.google.paths.calendarBase}/calendars/primary/events/${id}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(viaMount.status).toBe(200);
    expect(((await viaMount.json()) as { id: string }).id).toBe(id);
    expect(emulator.google.events(recruiter.email).map((e) => e.id)).toEqual([id]);
    expect(new URL(emulator.googleUrl).port).not.toBe(new URL(emulator.url).port);
  });

  it('when a fault is scoped to /google/token, then the listener answers /token with it too', async () => {
    emulator.google.failNext(1, 503, GOOGLE_ROUTE_GROUPS.token);

    const answer = await fetch(`${emulator.googleUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }),
    });

    expect(answer.status).toBe(503);
    expect(await answer.json()).toEqual({
      error: 'internal_failure',
      error_description: 'Backend Error',
    });
  });

  it('when googleUrl is closed with the emulator, then it refuses connections', async () => {
    const { googleUrl } = emulator;
    await emulator.close();
    await expect(fetch(`${googleUrl}/oauth2/v3/certs`)).rejects.toThrow();
    ({ emulator } = await startGoogleEmulator());
  });
});
