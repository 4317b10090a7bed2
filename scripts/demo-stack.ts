import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { parseBffEnv, startBffServer } from '@ats-zoom/bff/server';
import { providerPaths } from '@ats-zoom/contract';
import { startProviderEmulator } from '@ats-zoom/provider-emulator';
import express from 'express';
import { createServer as createViteServer } from 'vite';
import { createHostBackend } from '../apps/demo/server/host-backend';

const repoRoot = join(import.meta.dirname, '..');

export interface DemoStackOptions {
  demoPort: number;
  bffPort: number;
  emulatorPort: number;
  /** SQLite file, ':memory:' or a PostgreSQL URL; default: SQLite under .data/. */
  databaseUrl?: string;
  logLevel?: string;
  /** Environment to read real Zoom and Google credentials from. */
  env: NodeJS.ProcessEnv;
}

export interface DemoStack {
  demoUrl: string;
  bffUrl: string;
  emulatorUrl: string | null;
  /** Which providers the emulator stands in for (the others are real). */
  emulated: { zoom: boolean; google: boolean; microsoft: boolean };
  close(): Promise<void>;
}

/**
 * Provider emulator + BFF + the mock ATS (Vite dev server and its tiny host backend) in one
 * process. With ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET set, the BFF talks to real Zoom instead;
 * with GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, to real Google; with MICROSOFT_CLIENT_ID and
 * MICROSOFT_CLIENT_SECRET, to real Microsoft 365 (Outlook).
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const demoOrigin = `http://localhost:${options.demoPort}`;
  const bffUrl = `http://localhost:${options.bffPort}`;
  const hostTokenSecret = randomBytes(32).toString('base64url');
  const hostTokenIssuer = 'mock-ats-demo';
  const realZoom = Boolean(options.env.ZOOM_CLIENT_ID && options.env.ZOOM_CLIENT_SECRET);
  const realGoogle = Boolean(options.env.GOOGLE_CLIENT_ID && options.env.GOOGLE_CLIENT_SECRET);
  const realMicrosoft = Boolean(
    options.env.MICROSOFT_CLIENT_ID && options.env.MICROSOFT_CLIENT_SECRET,
  );

  // The emulator stands in for whichever provider has no real credentials.
  let emulator: Awaited<ReturnType<typeof startProviderEmulator>> | null = null;
  const emulated = {
    zoomClientId: 'emulator-zoom-client',
    zoomClientSecret: randomBytes(24).toString('base64url'),
    webhookSecretToken: randomBytes(24).toString('base64url'),
    googleClientId: 'emulator-google-client',
    googleClientSecret: randomBytes(24).toString('base64url'),
    microsoftClientId: 'emulator-microsoft-client',
    microsoftClientSecret: randomBytes(24).toString('base64url'),
  };
  if (!realZoom || !realGoogle || !realMicrosoft) {
    emulator = await startProviderEmulator({
      port: options.emulatorPort,
      host: '127.0.0.1',
      zoom: {
        clients: [
          {
            clientId: emulated.zoomClientId,
            clientSecret: emulated.zoomClientSecret,
            redirectUris: [`${bffUrl}${providerPaths.zoomOAuthCallback}`],
          },
        ],
        webhook: {
          url: `${bffUrl}${providerPaths.zoomWebhook}`,
          secretToken: emulated.webhookSecretToken,
        },
      },
      google: {
        clients: [
          {
            clientId: emulated.googleClientId,
            clientSecret: emulated.googleClientSecret,
            redirectUris: [`${bffUrl}${providerPaths.googleOAuthCallback}`],
          },
        ],
      },
      microsoft: {
        clients: [
          {
            clientId: emulated.microsoftClientId,
            clientSecret: emulated.microsoftClientSecret,
            redirectUris: [`${bffUrl}${providerPaths.outlookOAuthCallback}`],
          },
        ],
      },
    });
  }
  const emulatorUrl = emulator ? `http://localhost:${new URL(emulator.url).port}` : null;

  const zoomEnv: Record<string, string | undefined> =
    realZoom || !emulatorUrl
      ? {
          ZOOM_CLIENT_ID: options.env.ZOOM_CLIENT_ID,
          ZOOM_CLIENT_SECRET: options.env.ZOOM_CLIENT_SECRET,
          ZOOM_WEBHOOK_SECRET_TOKEN: options.env.ZOOM_WEBHOOK_SECRET_TOKEN,
          ZOOM_OAUTH_BASE_URL: options.env.ZOOM_OAUTH_BASE_URL,
          ZOOM_API_BASE_URL: options.env.ZOOM_API_BASE_URL,
        }
      : {
          ZOOM_CLIENT_ID: emulated.zoomClientId,
          ZOOM_CLIENT_SECRET: emulated.zoomClientSecret,
          ZOOM_WEBHOOK_SECRET_TOKEN: emulated.webhookSecretToken,
          ZOOM_OAUTH_BASE_URL: `${emulatorUrl}/zoom`,
          ZOOM_API_BASE_URL: `${emulatorUrl}/zoom/v2`,
        };
  const googleEnv: Record<string, string | undefined> =
    realGoogle || !emulatorUrl
      ? {
          GOOGLE_CLIENT_ID: options.env.GOOGLE_CLIENT_ID,
          GOOGLE_CLIENT_SECRET: options.env.GOOGLE_CLIENT_SECRET,
          GOOGLE_SCOPES: options.env.GOOGLE_SCOPES,
        }
      : {
          GOOGLE_CLIENT_ID: emulated.googleClientId,
          GOOGLE_CLIENT_SECRET: emulated.googleClientSecret,
          GOOGLE_BASE_URL: `${emulatorUrl}/google`,
        };
  const microsoftEnv: Record<string, string | undefined> =
    realMicrosoft || !emulatorUrl
      ? {
          MICROSOFT_CLIENT_ID: options.env.MICROSOFT_CLIENT_ID,
          MICROSOFT_CLIENT_SECRET: options.env.MICROSOFT_CLIENT_SECRET,
          MICROSOFT_TENANT: options.env.MICROSOFT_TENANT,
          MICROSOFT_SCOPES: options.env.MICROSOFT_SCOPES,
        }
      : {
          MICROSOFT_CLIENT_ID: emulated.microsoftClientId,
          MICROSOFT_CLIENT_SECRET: emulated.microsoftClientSecret,
          MICROSOFT_BASE_URL: `${emulatorUrl}/microsoft`,
        };

  const bff = await startBffServer(
    parseBffEnv({
      PORT: String(options.bffPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: bffUrl,
      ALLOWED_ORIGINS: demoOrigin,
      HOST_TOKEN_ISSUER: hostTokenIssuer,
      HOST_TOKEN_SECRET: hostTokenSecret,
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: join(repoRoot, '.data'),
      LOG_LEVEL: options.logLevel ?? 'info',
      ...zoomEnv,
      ...googleEnv,
      ...microsoftEnv,
    }),
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(
    createHostBackend({
      bffUrl,
      hostTokenSecret,
      hostTokenIssuer,
      // The emulator's page showing each seeded Google user's calendar, when Google is emulated.
      ...(emulatorUrl && !realGoogle
        ? { calendarViewUrl: `${emulatorUrl}/google/calendar-view` }
        : {}),
      // And its page of each seeded Microsoft 365 user's Outlook calendar, when Outlook is emulated.
      ...(emulatorUrl && !realMicrosoft
        ? { outlookCalendarViewUrl: `${emulatorUrl}/microsoft/calendar-view` }
        : {}),
    }),
  );
  const httpServer: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.demoPort, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const vite = await createViteServer({
    configFile: join(repoRoot, 'apps/demo/vite.config.ts'),
    appType: 'spa',
    logLevel: 'warn',
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  app.use(vite.middlewares);

  return {
    demoUrl: demoOrigin,
    bffUrl,
    emulatorUrl,
    emulated: { zoom: !realZoom, google: !realGoogle, microsoft: !realMicrosoft },
    async close() {
      await vite.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await bff.close();
      await emulator?.close();
    },
  };
}
