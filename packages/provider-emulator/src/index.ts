import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createGoogleEmulator } from './google/create-google-emulator';
import type { GoogleEmulatorHandle, GoogleEmulatorOptions } from './google/google-types';
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
  ZoomClientRegistration,
  ZoomEmulatorHandle,
  ZoomEmulatorOptions,
  ZoomEmulatorStats,
  ZoomFaultScope,
  ZoomMeeting,
  ZoomMeetingSettings,
  ZoomMeetingSettingsPolicy,
  ZoomMeetingUserPatch,
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
  /** Injected clock in ms (tests advance it). @default Date.now */
  now?: () => number;
}

export interface ProviderEmulator {
  app: Express;
  zoom: ZoomEmulatorHandle;
  google: GoogleEmulatorHandle;
}

/** The Google client registered when `google` options are omitted. */
export const DEFAULT_GOOGLE_CLIENT = {
  clientId: 'emulator-google-client',
  clientSecret: 'emulator-google-secret',
  redirectUris: ['http://localhost:4000/v1/oauth/google/callback'],
} as const;

export interface RunningProviderEmulator extends ProviderEmulator {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  url: string;
  close(): Promise<void>;
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
  const app = express();
  app.disable('x-powered-by');
  app.use('/zoom', zoom.router);
  app.use('/google', google.router);
  return {
    emulator: { app, zoom: zoom.handle, google: google.handle },
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

/** Starts the emulator on loopback. @default port 0 (a free port), host 127.0.0.1 */
export async function startProviderEmulator(
  options: ProviderEmulatorOptions & { port?: number; host?: string },
): Promise<RunningProviderEmulator> {
  const { emulator, setPublicOrigin } = buildProviderEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = emulator.app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  setPublicOrigin(url);
  return {
    ...emulator,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
