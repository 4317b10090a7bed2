// Talks to the two bins as a host would: the BFF (`ats-zoom-bff`) started against the emulator
// (`ats-zoom-emulator`) and PostgreSQL. Exits non-zero (with the reason) on any failed expectation.
import assert from 'node:assert/strict';
import { signHostToken } from '@ats-zoom/client/host';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const bffUrl = setting('BFF_URL');
const emulatorUrl = setting('EMULATOR_URL');
const hostOrigin = setting('HOST_ORIGIN');

const health = await fetch(`${bffUrl}/healthz`);
assert.equal(health.status, 200, 'GET /healthz');
const ready = await fetch(`${bffUrl}/readyz`);
assert.equal(ready.status, 200, `GET /readyz (the database): ${await ready.text()}`);
console.log('ok /healthz and /readyz: 200');

const token = await signHostToken({
  secret: setting('HOST_TOKEN_SECRET'),
  issuer: setting('HOST_TOKEN_ISSUER'),
  user: {
    sub: 'scratch-user',
    tid: 'scratch-tenant',
    role: 'recruiter',
    name: 'Scratch User',
    email: 'scratch@ats.example',
  },
});
const headers = { authorization: `Bearer ${token}`, origin: hostOrigin };

const connections = await fetch(`${bffUrl}/v1/connections/me`, { headers });
assert.equal(
  connections.status,
  200,
  `GET /v1/connections/me: ${await connections.clone().text()}`,
);
assert.deepEqual(await connections.json(), { zoom: null, google: null });
console.log('ok /v1/connections/me: nothing linked yet');

const started = await fetch(`${bffUrl}/v1/connections/zoom/authorize`, {
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: '{}',
});
assert.equal(started.status, 201, `POST authorize: ${await started.clone().text()}`);
const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
const popup = await fetch(authorizationUrl, { redirect: 'manual' });
assert.equal(popup.status, 302, 'the popup start redirects to Zoom');
const zoomAuthorize = new URL(popup.headers.get('location') ?? '');
assert.equal(zoomAuthorize.origin, new URL(emulatorUrl).origin, 'Zoom is the emulator');
const consent = await fetch(zoomAuthorize);
assert.equal(consent.status, 200, 'the emulator shows its consent page');
assert.match(consent.headers.get('content-type') ?? '', /^text\/html/);
console.log(
  `ok zoom authorize: the popup goes to ${zoomAuthorize.origin}${zoomAuthorize.pathname}`,
);
console.log('services check passed');
