/**
 * The emulator as a host's test double, driven by the providers' official Node SDKs the way a
 * host's own code would drive them: google-auth-library and @googleapis/calendar against the
 * Google listener (`googleUrl`), Zoom's @zoom/rivet against `/zoom/v2`; and the README's
 * SDK example, run as written.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendar } from '@googleapis/calendar';
import { ApiResponseError, MeetingsOAuthClient } from '@zoom/rivet/meetings';
import { UsersOAuthClient } from '@zoom/rivet/users';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProviderEmulator, startProviderEmulator } from '../src/index';

const google = {
  clientId: 'host-test.apps.googleusercontent.com',
  clientSecret: 'host-test-secret',
  redirectUri: 'http://localhost:3000/oauth/google/callback',
};
const zoom = {
  clientId: 'host-zoom-client',
  clientSecret: 'host-zoom-secret',
  redirectUri: 'http://localhost:3000/oauth/zoom/callback',
};

let emulator: RunningProviderEmulator;
beforeAll(async () => {
  emulator = await startProviderEmulator({
    zoom: {
      clients: [{ ...zoom, redirectUris: [zoom.redirectUri] }],
      seedMeetings: false,
    },
    google: { clients: [{ ...google, redirectUris: [google.redirectUri] }] },
  });
});
afterAll(async () => {
  await emulator.close();
});

/**
 * The consent step a browser would take: the provider's consent page is a form; POST every
 * parameter of the authorize URL back to its path, plus the chosen account and the decision.
 * Answers the `code` of the redirect to the host's callback.
 */
async function consent(authorizeUrl: string, account: string): Promise<string> {
  const url = new URL(authorizeUrl);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const decided = await fetch(new URL(url.pathname, url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...Object.fromEntries(url.searchParams),
      account,
      decision: 'allow',
    }),
    redirect: 'manual',
  });
  const location = new URL(decided.headers.get('location') ?? '');
  return location.searchParams.get('code') ?? '';
}

/** 10:00 the day after tomorrow, Tokyo time, plus `hours`. */
function futureTokyo(hours = 0): string {
  const day = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return new Date(Date.parse(`${day}T10:00:00+09:00`) + hours * 3_600_000).toISOString();
}

describe('google-auth-library and @googleapis/calendar against googleUrl', () => {
  it('when a host signs a user in, then getToken, refreshAccessToken and verifyIdToken work', async () => {
    const user = emulator.google.seeded.recruiter;
    const oauth = new OAuth2Client({ ...google, endpoints: emulator.googleAuthEndpoints });
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const authorizeUrl = oauth.generateAuthUrl({
      access_type: 'offline',
      scope: ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events.owned'],
      state: 'host-state',
      code_challenge_method: CodeChallengeMethod.S256,
      code_challenge: codeChallenge,
    });
    expect(authorizeUrl.startsWith(`${emulator.googleUrl}/o/oauth2/v2/auth?`)).toBe(true);

    const { tokens } = await oauth.getToken({
      code: await consent(authorizeUrl, user.email),
      codeVerifier,
    });
    oauth.setCredentials(tokens);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const ticket = await oauth.verifyIdToken({
      idToken: tokens.id_token ?? '',
      audience: google.clientId,
    });
    expect(ticket.getPayload()).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: google.clientId,
      sub: user.sub,
      email: user.email,
    });

    const { credentials } = await oauth.refreshAccessToken();
    expect(credentials.access_token).toEqual(expect.any(String));
    expect(credentials.access_token).not.toBe(tokens.access_token);
    await expect(
      oauth.verifyIdToken({ idToken: tokens.id_token ?? '', audience: 'another-client' }),
    ).rejects.toThrow(/audience/i);
  });

  it('when a host manages events, then insert, get, patch, list, delete and freebusy.query answer as Google does', async () => {
    const user = emulator.google.seeded.interviewer;
    const oauth = new OAuth2Client({ ...google, endpoints: emulator.googleAuthEndpoints });
    const authorizeUrl = oauth.generateAuthUrl({
      access_type: 'offline',
      scope: [
        'https://www.googleapis.com/auth/calendar.events',
        'https://www.googleapis.com/auth/calendar.freebusy',
      ],
    });
    const { tokens } = await oauth.getToken(await consent(authorizeUrl, user.sub));
    oauth.setCredentials(tokens);
    const api = calendar({ version: 'v3', auth: oauth, rootUrl: `${emulator.googleUrl}/` });

    const inserted = await api.events.insert({
      calendarId: 'primary',
      sendUpdates: 'none',
      requestBody: {
        summary: 'Interview: Mika Suzuki',
        start: { dateTime: futureTokyo(), timeZone: 'Asia/Tokyo' },
        end: { dateTime: futureTokyo(1), timeZone: 'Asia/Tokyo' },
        extendedProperties: { private: { atsInterviewId: 'int-42' } },
      },
    });
    const eventId = inserted.data.id ?? '';
    expect(inserted.status).toBe(200);

    const fetched = await api.events.get({ calendarId: 'primary', eventId });
    expect(fetched.data.summary).toBe('Interview: Mika Suzuki');

    const patched = await api.events.patch({
      calendarId: 'primary',
      eventId,
      requestBody: { summary: 'Interview: Mika Suzuki (2nd round)' },
    });
    expect(patched.data.summary).toBe('Interview: Mika Suzuki (2nd round)');

    const listed = await api.events.list({
      calendarId: 'primary',
      timeMin: futureTokyo(-1),
      timeMax: futureTokyo(2),
      singleEvents: true,
      orderBy: 'startTime',
      privateExtendedProperty: ['atsInterviewId=int-42'],
    });
    expect(listed.data.items?.map((e) => e.id)).toEqual([eventId]);

    const busy = await api.freebusy.query({
      requestBody: {
        timeMin: futureTokyo(-1),
        timeMax: futureTokyo(2),
        items: [{ id: 'primary' }],
      },
    });
    expect(busy.data.calendars?.primary?.busy).toHaveLength(1);

    const deleted = await api.events.delete({ calendarId: 'primary', eventId });
    expect(deleted.status).toBe(204);
    await expect(api.events.delete({ calendarId: 'primary', eventId })).rejects.toMatchObject({
      status: 410,
    });
    await expect(
      api.events.get({ calendarId: 'primary', eventId: 'neverinserted0' }),
    ).rejects.toMatchObject({
      status: 404,
      response: { data: { error: { code: 404, status: 'NOT_FOUND' } } },
    });
  });
});

describe('@zoom/rivet against /zoom/v2', () => {
  it('when a host links a user and manages meetings, then users/me and the meeting calls work', async () => {
    // Rivet's own OAuth calls go to https://zoom.us and cannot be redirected: exchange the code
    // with fetch, then hand Rivet the tokens through its TokenStore.
    const user = emulator.zoom.seeded.personal;
    const authorizeUrl = new URL(`${emulator.url}${emulator.zoom.paths.authorize}`);
    authorizeUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: zoom.clientId,
      redirect_uri: zoom.redirectUri,
      state: 'host-state',
    }).toString();
    const code = await consent(authorizeUrl.toString(), user.id);
    const exchanged = await fetch(`${emulator.url}${emulator.zoom.paths.token}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${zoom.clientId}:${zoom.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: zoom.redirectUri,
      }),
    });
    const tokens = (await exchanged.json()) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
      scope: string;
    };
    let stored = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expirationTimeIso: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
      scopes: tokens.scope.split(' '),
    };
    const options = {
      clientId: zoom.clientId,
      clientSecret: zoom.clientSecret,
      tokenStore: {
        getLatestToken: () => stored,
        storeToken: (token: typeof stored) => {
          stored = token;
        },
      },
      // No webhook receiver; the installer options are required but unused here.
      disableReceiver: true as const,
      installerOptions: {
        redirectUri: 'http://localhost:3000',
        redirectUriPath: '/oauth/zoom/callback',
        stateStore: 'a-state-secret-for-rivet-installer',
      },
      // Not in Rivet's option types, but passed through to its API client (axios baseURL).
      baseUrl: `${emulator.url}${emulator.zoom.paths.apiBase}`,
    };
    const users = new UsersOAuthClient(options);
    const meetings = new MeetingsOAuthClient(options);

    const me = await users.endpoints.users.getUser({ path: { userId: 'me' } });
    expect(me.data).toMatchObject({ id: user.id, email: user.email });
    const settings = await users.endpoints.users.getUserSettings({ path: { userId: 'me' } });
    expect(settings.statusCode).toBe(200);

    const created = await meetings.endpoints.meetings.createMeeting({
      path: { userId: 'me' },
      body: {
        topic: 'Interview: Mika Suzuki',
        type: 2,
        start_time: futureTokyo(),
        duration: 60,
        timezone: 'Asia/Tokyo',
      },
    });
    expect(created.statusCode).toBe(201);
    const meetingId = created.data?.id ?? 0;

    const fetched = await meetings.endpoints.meetings.getMeeting({ path: { meetingId } });
    expect(fetched.data?.topic).toBe('Interview: Mika Suzuki');
    const updated = await meetings.endpoints.meetings.updateMeeting({
      path: { meetingId },
      body: { topic: 'Interview: Mika Suzuki (2nd round)' },
    });
    expect(updated.statusCode).toBe(204);
    const listed = await meetings.endpoints.meetings.listMeetings({
      path: { userId: 'me' },
      query: { type: 'scheduled' },
    });
    expect(listed.data?.meetings?.map((m) => [m.id, m.topic])).toEqual([
      [meetingId, 'Interview: Mika Suzuki (2nd round)'],
    ]);

    const deleted = await meetings.endpoints.meetings.deleteMeeting({ path: { meetingId } });
    expect(deleted.statusCode).toBe(204);
    const gone = meetings.endpoints.meetings.getMeeting({ path: { meetingId } });
    await expect(gone).rejects.toBeInstanceOf(ApiResponseError);
    await expect(gone).rejects.toThrow(`[404/3001]: "Meeting does not exist: ${meetingId}."`);
  });
});

describe('the README', () => {
  it('when its SDK example runs as written, then it lists events and creates a meeting', async () => {
    const packageDir = join(import.meta.dirname, '..');
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const consentBlock = blocks.find((b) => b.includes('async function consent('));
    const example = blocks.find((b) => b.includes("from '@googleapis/calendar'"));
    expect(consentBlock).toBeDefined();
    expect(example).toBeDefined();
    // Under the package (git-ignored .data/) so its imports resolve as in a host's test file.
    const dir = join(packageDir, '.data');
    const file = join(dir, `readme-example-${randomUUID()}.ts`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${example}\n${consentBlock}\nexport { created, data };\n`);
    try {
      const ran = (await import(/* @vite-ignore */ file)) as {
        data: { items?: unknown[] };
        created: { statusCode: number };
      };
      expect(ran.data.items).toEqual([]);
      expect(ran.created.statusCode).toBe(201);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
