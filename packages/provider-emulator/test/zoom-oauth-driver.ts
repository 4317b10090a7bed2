import { createHash, randomBytes } from 'node:crypto';
import { type RunningProviderEmulator, startProviderEmulator } from '../src/index';

export const CLIENT = {
  clientId: 'test-client',
  clientSecret: 'test-secret',
  redirectUris: ['http://127.0.0.1:4999/v1/oauth/zoom/callback'],
};
export const REDIRECT_URI = CLIENT.redirectUris[0] as string;

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function createTestClock(start = Date.parse('2025-10-01T00:00:00Z')): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export async function startTestEmulator(
  options: { webhook?: { url: string; secretToken: string }; clock?: TestClock } = {},
): Promise<{ emulator: RunningProviderEmulator; clock: TestClock }> {
  const clock = options.clock ?? createTestClock();
  const emulator = await startProviderEmulator({
    zoom: { clients: [CLIENT], webhook: options.webhook },
    now: clock.now,
  });
  return { emulator, clock };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function basicAuth(clientId = CLIENT.clientId, secret = CLIENT.clientSecret): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

export function authorizeParams(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    state: randomBytes(8).toString('hex'),
    ...overrides,
  };
}

export async function getAuthorizePage(
  emulator: RunningProviderEmulator,
  params: Record<string, string>,
): Promise<Response> {
  const url = new URL(emulator.zoom.paths.authorize, emulator.url);
  url.search = new URLSearchParams(params).toString();
  return fetch(url, { redirect: 'manual' });
}

const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Reads the hidden inputs of the page's form, as a browser would submit them. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const [, name = '', value = ''] = match;
    fields[name] = value.replace(/&(amp|lt|gt|quot|#39);/g, (e) => HTML_ENTITIES[e] ?? e);
  }
  return fields;
}

/** Submits a page's form to `path` as a browser would, without following the redirect. */
export function postForm(
  emulator: RunningProviderEmulator,
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(new URL(path, emulator.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

export async function postAuthorizeForm(
  emulator: RunningProviderEmulator,
  fields: Record<string, string>,
): Promise<Response> {
  return postForm(emulator, emulator.zoom.paths.authorize, fields);
}

/** Opens the consent page, picks the account and presses Allow: answers the redirect. */
export async function consent(
  emulator: RunningProviderEmulator,
  userId: string,
  params: Record<string, string>,
  decision: 'allow' | 'deny' = 'allow',
): Promise<Response> {
  const page = await getAuthorizePage(emulator, params);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const fields = hiddenFields(await page.text());
  return postAuthorizeForm(emulator, { ...fields, account: userId, decision });
}

export function redirectParams(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location) throw new Error(`no redirect (status ${response.status})`);
  return new URL(location).searchParams;
}

export async function tokenRequest(
  emulator: RunningProviderEmulator,
  params: Record<string, string>,
  authorization = basicAuth(),
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(emulator.zoom.paths.token, emulator.url), {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface ZoomTokens {
  access_token: string;
  refresh_token: string;
}

/** The whole authorization-code flow with PKCE for one seeded user. */
export async function connectUser(
  emulator: RunningProviderEmulator,
  userId: string,
): Promise<ZoomTokens> {
  const { verifier, challenge } = pkcePair();
  const redirect = await consent(
    emulator,
    userId,
    authorizeParams({ code_challenge: challenge, code_challenge_method: 'S256' }),
  );
  const code = redirectParams(redirect).get('code');
  if (!code) throw new Error('no code in the redirect');
  const { status, body } = await tokenRequest(emulator, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  if (status !== 200) throw new Error(`token exchange answered ${status}: ${JSON.stringify(body)}`);
  return body as unknown as ZoomTokens;
}

export async function getMe(
  emulator: RunningProviderEmulator,
  accessToken: string,
  path = '/users/me',
): Promise<Response> {
  return fetch(`${emulator.url}${emulator.zoom.paths.apiBase}${path}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}
