import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createZoomEmulator } from './zoom/create-zoom-emulator';
import type { ZoomEmulatorHandle, ZoomEmulatorOptions } from './zoom/zoom-types';

export type {
  ZoomClientRegistration,
  ZoomEmulatorHandle,
  ZoomEmulatorOptions,
  ZoomEmulatorStats,
  ZoomPreApprovalRequest,
  ZoomUser,
} from './zoom/zoom-types';
export { signZoomWebhook } from './zoom/zoom-webhook';

export interface ProviderEmulatorOptions {
  zoom: ZoomEmulatorOptions;
  /** Injected clock in ms (tests advance it). @default Date.now */
  now?: () => number;
}

export interface ProviderEmulator {
  app: Express;
  zoom: ZoomEmulatorHandle;
}

export interface RunningProviderEmulator extends ProviderEmulator {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:4010`. */
  url: string;
  close(): Promise<void>;
}

/** Builds the emulator app without listening; all state lives in the returned instance. */
export function createProviderEmulator(options: ProviderEmulatorOptions): ProviderEmulator {
  const now = options.now ?? Date.now;
  const zoom = createZoomEmulator(options.zoom, now);
  const app = express();
  app.disable('x-powered-by');
  app.use('/zoom', zoom.router);
  return { app, zoom: zoom.handle };
}

/** Starts the emulator on loopback. @default port 0 (a free port), host 127.0.0.1 */
export async function startProviderEmulator(
  options: ProviderEmulatorOptions & { port?: number; host?: string },
): Promise<RunningProviderEmulator> {
  const emulator = createProviderEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = emulator.app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...emulator,
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
