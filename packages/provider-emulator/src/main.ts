import { startProviderEmulator } from './index';

/** Runs the emulator alone: `pnpm --filter @ats-zoom/provider-emulator start`. */
const env = process.env;
const webhookUrl = env.ZOOM_WEBHOOK_URL;
const port = Number(env.PORT ?? 4010);
const emulator = await startProviderEmulator({
  port,
  // Google alone at the root of its own port, where its SDKs look: next to PORT by default.
  googlePort: Number(env.GOOGLE_PORT ?? (port === 0 ? 0 : port + 1)),
  host: env.HOST ?? '127.0.0.1',
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
});

console.log(`Provider emulator listening on ${emulator.url}`);
console.log(`  Zoom authorize: ${emulator.url}${emulator.zoom.paths.authorize}`);
console.log(`  Zoom admin:     ${emulator.url}${emulator.zoom.paths.admin}`);
console.log(`  Google authorize: ${emulator.url}${emulator.google.paths.authorize}`);
console.log(`  Google calendar:  ${emulator.url}${emulator.google.paths.calendarView}`);
console.log(`  Google for SDKs:  ${emulator.googleUrl} (rootUrl of @googleapis/calendar)`);
if (!webhookUrl) console.log('  ZOOM_WEBHOOK_URL not set: deauthorization sends no webhook');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
