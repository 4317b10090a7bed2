import type { Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { createTokenCipher, loadOrCreateDevKeyring, openStore, parseKeyring } from '../adapters';
import { zoomEndpoints } from '../adapters/zoom';
import { type BffConfig, createBff } from '../http';
import { createDrainer } from './drain';
import {
  type BffEnv,
  googleSettings,
  metricsFromEnv,
  outlookSettings,
  rateLimitsFromEnv,
  zoomScopes,
} from './env';

export interface RunningBffServer {
  url: string;
  close(): Promise<void>;
  /**
   * SIGTERM's drain (`SHUTDOWN_DELAY_MS`, `SHUTDOWN_TIMEOUT_MS`): readyz 503, listener closed,
   * requests in flight answered, outbox stopped, store closed. Rejects past the deadline.
   */
  drain(): Promise<void>;
}

/** Builds the BFF's config from a validated environment. */
export function bffConfigFromEnv(env: BffEnv, port: number): BffConfig {
  const oauthBase = env.ZOOM_OAUTH_BASE_URL.replace(/\/$/, '');
  const google = googleSettings(env);
  const outlook = outlookSettings(env);
  const metrics = metricsFromEnv(env);
  return {
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    allowedOrigins: env.ALLOWED_ORIGINS,
    hostToken: {
      issuer: env.HOST_TOKEN_ISSUER,
      ...(env.HOST_TOKEN_SECRET
        ? { secret: env.HOST_TOKEN_SECRET }
        : { jwksUrl: env.HOST_TOKEN_JWKS_URL }),
      ...(env.HOST_TOKEN_MAX_AGE_SECONDS === undefined
        ? {}
        : { maxAgeSeconds: env.HOST_TOKEN_MAX_AGE_SECONDS }),
    },
    zoom: {
      clientId: env.ZOOM_CLIENT_ID,
      clientSecret: env.ZOOM_CLIENT_SECRET,
      authorizeUrl: `${oauthBase}${zoomEndpoints.authorizePath}`,
      tokenUrl: `${oauthBase}${zoomEndpoints.tokenPath}`,
      revokeUrl: `${oauthBase}${zoomEndpoints.revokePath}`,
      apiBaseUrl: env.ZOOM_API_BASE_URL.replace(/\/$/, ''),
      webhookSecretToken: env.ZOOM_WEBHOOK_SECRET_TOKEN,
      scopes: zoomScopes(env),
    },
    ...(google ? { google } : {}),
    ...(outlook ? { outlook } : {}),
    rateLimits: rateLimitsFromEnv(env),
    ...(metrics ? { metrics } : {}),
  };
}

/** Opens the store, builds the BFF and listens. The only place that listens. */
export async function startBffServer(
  env: BffEnv,
  options: { logger?: pino.Logger } = {},
): Promise<RunningBffServer> {
  const logger = options.logger ?? pino({ level: env.LOG_LEVEL, name: 'ats-zoom-bff' });
  const warn = (message: string) => logger.warn(message);
  const keyring = env.ENCRYPTION_KEYS
    ? parseKeyring(env.ENCRYPTION_KEYS)
    : await loadOrCreateDevKeyring(env.DATA_DIR, warn);
  const store = await openStore({
    ...(env.DATABASE_URL
      ? { databaseUrl: env.DATABASE_URL }
      : { sqlitePath: join(env.DATA_DIR, 'ats-zoom.sqlite') }),
    ...(env.DATABASE_LISTEN_URL ? { postgresListenUrl: env.DATABASE_LISTEN_URL } : {}),
    logger: { warn },
    migrate: env.MIGRATE_ON_BOOT,
  });

  const app = express();
  app.disable('x-powered-by');
  // The per-IP rate limits read req.ip: behind a load balancer, TRUST_PROXY must say so.
  app.set('trust proxy', env.TRUST_PROXY);

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(env.PORT, env.HOST, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const config = bffConfigFromEnv(env, port);
  let bff: ReturnType<typeof createBff>;
  try {
    bff = createBff({ config, store, cipher: createTokenCipher(keyring), logger });
  } catch (error) {
    // A config createBff refuses (BffConfigError): nothing keeps listening or open.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    throw error;
  }
  app.use(bff);
  const drainer = createDrainer({ server, bff, store, logger });
  if (!env.MIGRATE_ON_BOOT) {
    const pending = await store.pendingMigrations?.().catch(() => undefined);
    if (pending === undefined) logger.warn('MIGRATE_ON_BOOT=false: the database is unreachable');
    else if (pending.length > 0) {
      logger.warn(
        { pending },
        'MIGRATE_ON_BOOT=false: migrations pending, /readyz answers 503 until `ats-zoom-bff migrate` runs',
      );
    }
  }
  logger.info(
    {
      url: config.publicUrl,
      engine: store.engine,
      driver: store.driver,
      google: config.google !== undefined,
      metrics: config.metrics !== undefined,
    },
    'BFF listening',
  );

  return {
    url: config.publicUrl,
    drain: () =>
      drainer.drain({ delayMs: env.SHUTDOWN_DELAY_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The calendar outbox stops (and finishes its pass) before the store closes under it.
      await bff.close();
      await store.close();
    },
  };
}
