import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createGoogleEmulator } from './google/create-google-emulator';
import type { GoogleEmulatorHandle, GoogleEmulatorOptions } from './google/google-types';
import { createMicrosoftEmulator } from './microsoft/create-microsoft-emulator';
import type {
  MicrosoftEmulatorHandle,
  MicrosoftEmulatorOptions,
} from './microsoft/microsoft-types';
import { httpErrorFacts } from './shared/http-errors';
import { createZoomEmulator } from './zoom/create-zoom-emulator';
import type { ZoomEmulatorHandle, ZoomEmulatorOptions } from './zoom/zoom-types';

export type {
  GoogleClientRegistration,
  GoogleEmulatorHandle,
  GoogleEmulatorOptions,
  GoogleEmulatorStats,
  GoogleEvent,
  GoogleEventAttendee,
  GoogleEventDateTime,
  GoogleFaultScope,
  GoogleInjectableReason,
  GoogleSeedEventInput,
  GoogleUser,
} from './google/google-types';
export { GOOGLE_ROUTE_GROUPS } from './google/google-types';
export type {
  GraphAttendee,
  GraphDateTimeTimeZone,
  GraphEmailAddress,
  GraphEvent,
  GraphShowAs,
  MicrosoftClientRegistration,
  MicrosoftEmulatorHandle,
  MicrosoftEmulatorOptions,
  MicrosoftEmulatorStats,
  MicrosoftFaultScope,
  MicrosoftSeedEventInput,
  MicrosoftTenant,
  MicrosoftUser,
} from './microsoft/microsoft-types';
export { MICROSOFT_ROUTE_GROUPS } from './microsoft/microsoft-types';
export type { ZoomRecurrence } from './zoom/zoom-recurrence';
export type {
  ZoomClientRegistration,
  ZoomEmulatorHandle,
  ZoomEmulatorOptions,
  ZoomEmulatorStats,
  ZoomFaultScope,
  ZoomMeeting,
  ZoomMeetingSettings,
  ZoomMeetingSettingsPolicy,
  ZoomMeetingUserPatch,
  ZoomOccurrence,
  ZoomPasscodeRequirement,
  ZoomPreApprovalRequest,
  ZoomRateLimitLabel,
  ZoomRateLimits,
  ZoomSeedMeetingInput,
  ZoomUser,
} from './zoom/zoom-types';
export { ZOOM_ROUTE_GROUPS } from './zoom/zoom-types';
export type { ZoomMeetingEventObject } from './zoom/zoom-webhook';
export { signZoomWebhook } from './zoom/zoom-webhook';

export interface ProviderEmulatorOptions {
  zoom: ZoomEmulatorOptions;
  /** Fake Google OAuth + Calendar under `/google`. @default one client, see DEFAULT_GOOGLE_CLIENT */
  google?: GoogleEmulatorOptions;
  /**
   * Fake Microsoft identity platform + Graph (Outlook calendar) under `/microsoft`.
   * @default one client, see DEFAULT_MICROSOFT_CLIENT
   */
  microsoft?: MicrosoftEmulatorOptions;
  /** Injected clock in ms (tests advance it). @default Date.now */
  now?: () => number;
}

export interface ProviderEmulator {
  /** Zoom under `/zoom`, Google under `/google`, Microsoft under `/microsoft` (with their pages). */
  app: Express;
  /**
   * Google alone, at the root, as its SDKs expect (`@googleapis/calendar` keeps only the
   * origin of a `rootUrl`); same state as `/google` in `app`.
   */
  googleApp: Express;
  zoom: ZoomEmulatorHandle;
  google: GoogleEmulatorHandle;
  microsoft: MicrosoftEmulatorHandle;
}

/**
 * Google's endpoints on the Google listener, under the names of google-auth-library's
 * `OAuth2Client` `endpoints` option.
 */
export interface GoogleAuthEndpoints {
  oauth2AuthBaseUrl: string;
  oauth2TokenUrl: string;
  oauth2RevokeUrl: string;
  oauth2FederatedSignonPemCertsUrl: string;
  oauth2FederatedSignonJwkCertsUrl: string;
}

/** The Google client registered when `google` options are omitted. */
export const DEFAULT_GOOGLE_CLIENT = {
  clientId: 'emulator-google-client',
  clientSecret: 'emulator-google-secret',
  redirectUris: ['http://localhost:4000/v1/oauth/google/callback'],
} as const;

/** The Microsoft app registered when `microsoft` options are omitted. */
export const DEFAULT_MICROSOFT_CLIENT = {
  clientId: 'emulator-microsoft-client',
  clientSecret: 'emulator-microsoft-secret',
  redirectUris: ['http://localhost:4000/v1/oauth/outlook/callback'],
} as const;

export interface RunningProviderEmulator extends ProviderEmulator {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /**
   * Origin of the Google listener (`googleApp`), e.g. `http://127.0.0.1:4011`: the Calendar
   * API at `/calendar/v3`, OAuth at `/o/oauth2/v2/auth`, `/token`, `/revoke`, certificates at
   * `/oauth2/v1/certs` (PEM) and `/oauth2/v3/certs` (JWK), as on Google's own hosts.
   */
  googleUrl: string;
  /** `googleUrl`'s OAuth endpoints, ready for `new OAuth2Client({ endpoints })`. */
  googleAuthEndpoints: GoogleAuthEndpoints;
  /** Stops both listeners. */
  close(): Promise<void>;
}

/** Outside `/zoom`, `/google` and `/microsoft` nothing is emulated: a JSON 404 that says where things are. */
const nothingHere: RequestHandler = (req, res) => {
  res.status(404).json({
    code: 404,
    message: `Not Found: ${req.method} ${req.path}. The emulator serves Zoom under /zoom, Google under /google and Microsoft under /microsoft.`,
  });
};

const lastResort: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = httpErrorFacts(error).status;
  res
    .status(status)
    .json({ code: status, message: status < 500 ? 'Bad Request' : 'Internal Error' });
};

function newApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  return app;
}

function buildProviderEmulator(options: ProviderEmulatorOptions) {
  const now = options.now ?? Date.now;
  const zoom = createZoomEmulator(options.zoom, now);
  const google = createGoogleEmulator(
    options.google ?? {
      clients: [
        { ...DEFAULT_GOOGLE_CLIENT, redirectUris: [...DEFAULT_GOOGLE_CLIENT.redirectUris] },
      ],
    },
    now,
  );
  const microsoft = createMicrosoftEmulator(
    options.microsoft ?? {
      clients: [
        { ...DEFAULT_MICROSOFT_CLIENT, redirectUris: [...DEFAULT_MICROSOFT_CLIENT.redirectUris] },
      ],
    },
    now,
  );
  const app = newApp();
  app.use('/zoom', zoom.router);
  app.use('/google', google.router);
  app.use('/microsoft', microsoft.router);
  app.use(nothingHere);
  app.use(lastResort);
  const googleApp = newApp();
  googleApp.use(google.rootRouter);
  return {
    emulator: {
      app,
      googleApp,
      zoom: zoom.handle,
      google: google.handle,
      microsoft: microsoft.handle,
    },
    setPublicOrigin: zoom.setPublicOrigin,
  };
}

/**
 * Builds the emulator app without listening; all state lives in the returned instance.
 * Join and start URLs then use each request's own origin.
 */
export function createProviderEmulator(options: ProviderEmulatorOptions): ProviderEmulator {
  return buildProviderEmulator(options).emulator;
}

async function listen(app: Express, port: number, host: string): Promise<Server> {
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return server;
}

function originOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from fetch would otherwise hold close() open.
    server.closeAllConnections();
  });
}

export interface ProviderEmulatorListenOptions {
  /** Port of `url` (Zoom under `/zoom`, Google under `/google`, Microsoft under `/microsoft`). @default 0, a free port */
  port?: number;
  /** Port of `googleUrl` (Google at the root). @default 0, a free port */
  googlePort?: number;
  /** @default 127.0.0.1 */
  host?: string;
}

/** Starts the emulator on loopback: `url` for both providers, `googleUrl` for Google alone. */
export async function startProviderEmulator(
  options: ProviderEmulatorOptions & ProviderEmulatorListenOptions,
): Promise<RunningProviderEmulator> {
  const { emulator, setPublicOrigin } = buildProviderEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = await listen(emulator.app, options.port ?? 0, host);
  let googleServer: Server;
  try {
    googleServer = await listen(emulator.googleApp, options.googlePort ?? 0, host);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  const url = originOf(server, host);
  const googleUrl = originOf(googleServer, host);
  setPublicOrigin(url);
  return {
    ...emulator,
    url,
    googleUrl,
    googleAuthEndpoints: {
      oauth2AuthBaseUrl: `${googleUrl}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${googleUrl}/token`,
      oauth2RevokeUrl: `${googleUrl}/revoke`,
      oauth2FederatedSignonPemCertsUrl: `${googleUrl}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${googleUrl}/oauth2/v3/certs`,
    },
    close: async () => {
      await Promise.all([closeServer(server), closeServer(googleServer)]);
    },
  };
}
