#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startProviderEmulator } from './index';

/**
 * Runs the emulator alone: the `ats-zoom-emulator` bin, or from the repository
 * `pnpm --filter @ats-zoom/provider-emulator start`.
 */
const usage = `Usage: ats-zoom-emulator [--port <port>] [--host <host>] [--help]

Runs a fake Zoom (under /zoom), Google (under /google) and Microsoft (identity platform and Graph
under /microsoft) on one port, and Google alone at the root of a second port (where Google's SDKs
look), and prints their URLs.
SIGINT or SIGTERM stops it.

  --port, -p   port to listen on, 0 for a free one (default: PORT, else 4010)
  --host       address to listen on (default: HOST, else 127.0.0.1)
  GOOGLE_PORT  the second port, Google at its root (default: the port + 1; 0 with port 0)

Environment (default):
  ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET           emulator-zoom-client, emulator-zoom-secret
  ZOOM_REDIRECT_URI                            http://localhost:4000/v1/oauth/zoom/callback
  ZOOM_WEBHOOK_URL, ZOOM_WEBHOOK_SECRET_TOKEN  unset: no webhooks are sent
  GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET       emulator-google-client, emulator-google-secret
  GOOGLE_REDIRECT_URI                          http://localhost:4000/v1/oauth/google/callback
  MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET emulator-microsoft-client, emulator-microsoft-secret
  MICROSOFT_REDIRECT_URI                       http://localhost:4000/v1/oauth/outlook/callback`;

function usageError(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(64);
}

let flags: { port?: string; host?: string; help?: boolean };
try {
  flags = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  usageError((error as Error).message);
}
if (flags.help) {
  console.log(usage);
  process.exit(0);
}

const env = process.env;
const portText = flags.port ?? env.PORT ?? '4010';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  usageError(`The port must be a number from 0 to 65535, not '${portText}'.`);
}
const webhookUrl = env.ZOOM_WEBHOOK_URL;
const googlePortText = env.GOOGLE_PORT ?? String(port === 0 ? 0 : port + 1);
if (!/^\d+$/.test(googlePortText) || Number(googlePortText) > 65535) {
  usageError(`GOOGLE_PORT must be a number from 0 to 65535, not '${googlePortText}'.`);
}
const emulator = await startProviderEmulator({
  port,
  // Google alone at the root of its own port, where its SDKs look: next to the port by default.
  googlePort: Number(googlePortText),
  host: flags.host ?? env.HOST ?? '127.0.0.1',
  zoom: {
    clients: [
      {
        clientId: env.ZOOM_CLIENT_ID ?? 'emulator-zoom-client',
        clientSecret: env.ZOOM_CLIENT_SECRET ?? 'emulator-zoom-secret',
        redirectUris: [env.ZOOM_REDIRECT_URI ?? 'http://localhost:4000/v1/oauth/zoom/callback'],
      },
    ],
    webhook: webhookUrl
      ? { url: webhookUrl, secretToken: env.ZOOM_WEBHOOK_SECRET_TOKEN ?? '' }
      : undefined,
  },
  google: {
    clients: [
      {
        clientId: env.GOOGLE_CLIENT_ID ?? 'emulator-google-client',
        clientSecret: env.GOOGLE_CLIENT_SECRET ?? 'emulator-google-secret',
        redirectUris: [env.GOOGLE_REDIRECT_URI ?? 'http://localhost:4000/v1/oauth/google/callback'],
      },
    ],
  },
  microsoft: {
    clients: [
      {
        clientId: env.MICROSOFT_CLIENT_ID ?? 'emulator-microsoft-client',
        clientSecret: env.MICROSOFT_CLIENT_SECRET ?? 'emulator-microsoft-secret',
        redirectUris: [
          env.MICROSOFT_REDIRECT_URI ?? 'http://localhost:4000/v1/oauth/outlook/callback',
        ],
      },
    ],
  },
});

console.log(`Provider emulator listening on ${emulator.url}`);
console.log(`  Zoom authorize: ${emulator.url}${emulator.zoom.paths.authorize}`);
console.log(`  Zoom admin:     ${emulator.url}${emulator.zoom.paths.admin}`);
console.log(`  Google authorize: ${emulator.url}${emulator.google.paths.authorize}`);
console.log(`  Google calendar:  ${emulator.url}${emulator.google.paths.calendarView}`);
console.log(`  Google for SDKs:  ${emulator.googleUrl} (rootUrl of @googleapis/calendar)`);
console.log(`  Google admin:     ${emulator.url}${emulator.google.paths.admin}`);
console.log(
  `  Microsoft login base: ${emulator.url}${emulator.microsoft.paths.loginBase} (+ /{tenant}/oauth2/v2.0/authorize|token)`,
);
console.log(`  Microsoft Graph:     ${emulator.url}${emulator.microsoft.paths.graphBase}`);
console.log(`  Outlook calendar:    ${emulator.url}${emulator.microsoft.paths.calendarView}`);
console.log(`  Microsoft admin:     ${emulator.url}${emulator.microsoft.paths.admin}`);
const zoomOAuthBase = emulator.zoom.paths.authorize.replace(/\/oauth\/authorize$/, '');
const googleBase = emulator.google.paths.authorize.replace(/\/o\/oauth2\/v2\/auth$/, '');
console.log(
  `For ats-zoom-bff: ZOOM_OAUTH_BASE_URL=${emulator.url}${zoomOAuthBase} ZOOM_API_BASE_URL=${emulator.url}${emulator.zoom.paths.apiBase} GOOGLE_BASE_URL=${emulator.url}${googleBase}`,
);
if (!webhookUrl) console.log('  ZOOM_WEBHOOK_URL not set: deauthorization sends no webhook');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
