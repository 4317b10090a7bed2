import { type RunningProviderEmulator, startProviderEmulator } from '../src/index';
import {
  createTestClock,
  hiddenFields,
  pkcePair,
  postForm,
  redirectParams,
  type TestClock,
} from './zoom-oauth-driver';

export const MICROSOFT_CLIENT = {
  clientId: '0b6f3c1e-5a2d-4e8f-9c7b-1a2b3c4d5e6f',
  clientSecret: 'test-microsoft-secret',
  redirectUris: ['http://127.0.0.1:4999/v1/oauth/outlook/callback'],
};
export const MICROSOFT_REDIRECT_URI = MICROSOFT_CLIENT.redirectUris[0] as string;
export const OUTLOOK_SCOPES = 'openid email offline_access User.Read Calendars.ReadWrite';

export async function startMicrosoftEmulator(
  clock: TestClock = createTestClock(),
): Promise<{ emulator: RunningProviderEmulator; clock: TestClock }> {
  const emulator = await startProviderEmulator({
    zoom: {
      clients: [{ clientId: 'z', clientSecret: 'z', redirectUris: ['http://127.0.0.1/cb'] }],
    },
    microsoft: { clients: [MICROSOFT_CLIENT] },
    now: clock.now,
  });
  return { emulator, clock };
}

export function microsoftAuthorizeParams(
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    client_id: MICROSOFT_CLIENT.clientId,
    response_type: 'code',
    redirect_uri: MICROSOFT_REDIRECT_URI,
    response_mode: 'query',
    scope: OUTLOOK_SCOPES,
    state: 'state-123',
    ...overrides,
  };
}

export function authorizeUrl(
  emulator: RunningProviderEmulator,
  params: Record<string, string>,
  tenant = 'organizations',
): URL {
  const url = new URL(
    `${emulator.microsoft.paths.loginBase}/${tenant}/oauth2/v2.0/authorize`,
    emulator.url,
  );
  url.search = new URLSearchParams(params).toString();
  return url;
}

/** Opens the account picker, picks the user and presses Accept (or Cancel): the redirect. */
export async function microsoftConsent(
  emulator: RunningProviderEmulator,
  userId: string,
  params: Record<string, string>,
  options: { tenant?: string; decision?: 'allow' | 'cancel' } = {},
): Promise<Response> {
  const url = authorizeUrl(emulator, params, options.tenant);
  const page = await fetch(url, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const fields = hiddenFields(await page.text());
  return postForm(emulator, url.pathname, {
    ...fields,
    account: userId,
    decision: options.decision ?? 'allow',
  });
}

export async function tokenCall(
  emulator: RunningProviderEmulator,
  params: Record<string, string>,
  tenant = 'organizations',
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(
    `${emulator.url}${emulator.microsoft.paths.loginBase}/${tenant}/oauth2/v2.0/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: MICROSOFT_CLIENT.clientId,
        client_secret: MICROSOFT_CLIENT.clientSecret,
        ...params,
      }),
    },
  );
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export interface MicrosoftTokens {
  access_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: string;
}

/** The whole code flow with PKCE S256 for one seeded user. */
export async function connectMicrosoftUser(
  emulator: RunningProviderEmulator,
  userId: string,
  overrides: Record<string, string> = {},
): Promise<MicrosoftTokens> {
  const { verifier, challenge } = pkcePair();
  const redirect = await microsoftConsent(
    emulator,
    userId,
    microsoftAuthorizeParams({
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    }),
  );
  const code = redirectParams(redirect).get('code');
  if (!code) throw new Error(`no code in the redirect ${redirect.headers.get('location')}`);
  const { status, body } = await tokenCall(emulator, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: MICROSOFT_REDIRECT_URI,
    code_verifier: verifier,
  });
  if (status !== 200) throw new Error(`token exchange answered ${status}: ${JSON.stringify(body)}`);
  return body as unknown as MicrosoftTokens;
}

/** An emulator with the contoso recruiter (佐藤 花子) connected; `token` is the access token. */
export async function startMicrosoftWithRecruiter(clock?: TestClock): Promise<{
  emulator: RunningProviderEmulator;
  clock: TestClock;
  token: string;
}> {
  const started = await startMicrosoftEmulator(clock);
  const tokens = await connectMicrosoftUser(
    started.emulator,
    started.emulator.microsoft.seeded.recruiter.id,
  );
  return { ...started, token: tokens.access_token };
}

export interface GraphAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the tests
  body: any;
}

export async function graph(
  emulator: RunningProviderEmulator,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<GraphAnswer> {
  const url = path.startsWith('http')
    ? path
    : `${emulator.url}${emulator.microsoft.paths.graphBase}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** An interview as the BFF would write it to Outlook: Zoom URL in location and body. */
export function interviewEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: '面接: 鈴木 美香 / Interview: Mika Suzuki',
    body: {
      contentType: 'html',
      content:
        '<p>Zoom に参加: <a href="https://zoom.example/j/123?pwd=abc">https://zoom.example/j/123?pwd=abc</a></p>',
    },
    start: { dateTime: '2025-10-02T10:00:00', timeZone: 'Asia/Tokyo' },
    end: { dateTime: '2025-10-02T11:00:00', timeZone: 'Asia/Tokyo' },
    location: { displayName: 'https://zoom.example/j/123?pwd=abc' },
    attendees: [
      {
        emailAddress: { address: 'ichiro.suzuki@contoso-hr.example', name: '鈴木 一郎' },
        type: 'required',
      },
      { emailAddress: { address: 'misaki.takahashi@contoso-hr.example' }, type: 'optional' },
    ],
    isOnlineMeeting: false,
    transactionId: 'ats-interview-int-1-v1',
    ...overrides,
  };
}
