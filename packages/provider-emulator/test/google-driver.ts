import { type RunningProviderEmulator, startProviderEmulator } from '../src/index';
import {
  createTestClock,
  hiddenFields,
  pkcePair,
  postForm,
  redirectParams,
  type TestClock,
} from './zoom-oauth-driver';

export const GOOGLE_CLIENT = {
  clientId: '1234567890-test.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-test-secret',
  redirectUris: ['http://127.0.0.1:4999/v1/oauth/google/callback'],
};
export const GOOGLE_REDIRECT_URI = GOOGLE_CLIENT.redirectUris[0] as string;
export const CALENDAR_SCOPES =
  'openid email https://www.googleapis.com/auth/calendar.events.owned https://www.googleapis.com/auth/calendar.freebusy';

export async function startGoogleEmulator(
  clock: TestClock = createTestClock(),
): Promise<{ emulator: RunningProviderEmulator; clock: TestClock }> {
  const emulator = await startProviderEmulator({
    zoom: {
      clients: [{ clientId: 'z', clientSecret: 'z', redirectUris: ['http://127.0.0.1/cb'] }],
    },
    google: { clients: [GOOGLE_CLIENT] },
    now: clock.now,
  });
  return { emulator, clock };
}

export function googleAuthorizeParams(
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    response_type: 'code',
    client_id: GOOGLE_CLIENT.clientId,
    redirect_uri: GOOGLE_REDIRECT_URI,
    scope: CALENDAR_SCOPES,
    state: 'state-123',
    access_type: 'offline',
    ...overrides,
  };
}

/** Opens the chooser page, picks the account and presses Allow (or Cancel). */
export async function googleConsent(
  emulator: RunningProviderEmulator,
  sub: string,
  params: Record<string, string>,
  decision: 'allow' | 'cancel' = 'allow',
): Promise<Response> {
  const url = new URL(emulator.google.paths.authorize, emulator.url);
  url.search = new URLSearchParams(params).toString();
  const page = await fetch(url, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const fields = hiddenFields(await page.text());
  return postForm(emulator, url.pathname, { ...fields, account: sub, decision });
}

export async function googleForm(
  emulator: RunningProviderEmulator,
  path: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export const clientSecretPost = {
  client_id: GOOGLE_CLIENT.clientId,
  client_secret: GOOGLE_CLIENT.clientSecret,
};

export interface GoogleTokens {
  access_token: string;
  refresh_token?: string;
  scope: string;
  id_token?: string;
}

/** The whole code flow with PKCE S256 for one seeded user. */
export async function connectGoogleUser(
  emulator: RunningProviderEmulator,
  sub: string,
  overrides: Record<string, string> = {},
): Promise<GoogleTokens> {
  const { verifier, challenge } = pkcePair();
  const redirect = await googleConsent(
    emulator,
    sub,
    googleAuthorizeParams({
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    }),
  );
  const code = redirectParams(redirect).get('code');
  if (!code) throw new Error(`no code in the redirect ${redirect.headers.get('location')}`);
  const { status, body } = await googleForm(emulator, emulator.google.paths.token, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: GOOGLE_REDIRECT_URI,
    code_verifier: verifier,
    ...clientSecretPost,
  });
  if (status !== 200) throw new Error(`token exchange answered ${status}: ${JSON.stringify(body)}`);
  return body as unknown as GoogleTokens;
}

/** An emulator with the seeded recruiter connected for Calendar; `token` is the access token. */
export async function startGoogleWithRecruiter(): Promise<{
  emulator: RunningProviderEmulator;
  token: string;
}> {
  const { emulator } = await startGoogleEmulator();
  const tokens = await connectGoogleUser(emulator, emulator.google.seeded.recruiter.sub);
  return { emulator, token: tokens.access_token };
}

export interface CalendarAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the tests
  body: any;
}

export async function calendarApi(
  emulator: RunningProviderEmulator,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<CalendarAnswer> {
  const response = await fetch(`${emulator.url}${emulator.google.paths.calendarBase}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** An interview event tomorrow (Tokyo) as the BFF would insert it. */
export function interviewEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '0f8e2c1a9b7d4e6f8a1b2c3d4e5f6a7b',
    summary: 'Interview: Mika Suzuki',
    location: 'https://zoom.example/j/123?pwd=abc',
    description: 'Join Zoom: https://zoom.example/j/123?pwd=abc',
    start: { dateTime: '2025-10-02T10:00:00+09:00', timeZone: 'Asia/Tokyo' },
    end: { dateTime: '2025-10-02T11:00:00+09:00', timeZone: 'Asia/Tokyo' },
    attendees: [
      { email: 'kenji.sato@acme-hr.example', displayName: 'Kenji Sato' },
      { email: 'yui.ito@acme-hr.example' },
    ],
    extendedProperties: { private: { atsInterviewId: 'int-1' } },
    ...overrides,
  };
}
