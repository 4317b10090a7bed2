import type { Server } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BffConfig,
  type BffRouter,
  createBff,
  createTokenCipher,
  openStore,
  openStoreSchema,
  type Store,
} from '../src';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from './postgres';

const config: BffConfig = {
  publicUrl: 'http://127.0.0.1:1',
  allowedOrigins: ['https://ats.example'],
  hostToken: { issuer: 'https://ats.example/issuer', secret: 'x'.repeat(32) },
  zoom: {
    clientId: 'id',
    clientSecret: 'secret',
    authorizeUrl: 'http://127.0.0.1:9/oauth/authorize',
    tokenUrl: 'http://127.0.0.1:9/oauth/token',
    revokeUrl: 'http://127.0.0.1:9/oauth/revoke',
    apiBaseUrl: 'http://127.0.0.1:9/v2',
    webhookSecretToken: 'whsec',
    scopes: ['user:read:user'],
  },
  google: {
    clientId: 'gid',
    clientSecret: 'gsecret',
    authorizeUrl: 'http://127.0.0.1:9/o/oauth2/v2/auth',
    tokenUrl: 'http://127.0.0.1:9/token',
    revokeUrl: 'http://127.0.0.1:9/revoke',
    userinfoUrl: 'http://127.0.0.1:9/userinfo',
    calendarApiBaseUrl: 'http://127.0.0.1:9/calendar/v3',
  },
};

interface Running {
  url: string;
  bff: BffRouter;
  readyz(): Promise<{ status: number; detail?: string; type?: string }>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  store: Store,
  calendarRetry: { pollIntervalMs: number; leaseMs?: number } = { pollIntervalMs: 0 },
): Promise<Running> {
  const bff = createBff({
    config,
    store,
    cipher: createTokenCipher({ activeKeyId: 'k1', keys: { k1: Buffer.alloc(32, 7) } }),
    logger: pino({ level: 'silent' }),
    meetings: { calendarRetry },
  });
  const app = express().use(bff);
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bff.close();
    await store.close();
  });
  return {
    url,
    bff,
    async readyz() {
      const answer = await fetch(`${url}/readyz`);
      const body = (await answer.json()) as { detail?: string; type?: string; status?: string };
      return {
        status: answer.status,
        ...(body.detail === undefined ? {} : { detail: body.detail }),
        ...(answer.headers.get('content-type')?.startsWith('application/problem+json')
          ? { type: 'problem' }
          : {}),
      };
    },
  };
}

/** A TCP proxy in front of PostgreSQL that the test can cut (every socket) and restore. */
async function cuttableProxy(target: URL): Promise<{
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let port = 0;
  let server: NetServer | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const [from, to] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          sockets.add(from);
          from.pipe(to);
          from.on('error', () => to.destroy());
          from.on('close', () => {
            sockets.delete(from);
            to.destroy();
          });
        }
      });
      server = listening;
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as AddressInfo).port;
        resolve();
      });
    });
  await start();
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  let up = true;
  const proxy = {
    url: url.toString(),
    async cut() {
      if (!up) return;
      up = false;
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    async restore() {
      await start();
      up = true;
    },
  };
  cleanups.push(() => proxy.cut());
  return proxy;
}

describe('readiness on SQLite', () => {
  it('when a drain starts, then /readyz answers 503 not_ready "draining" while /healthz stays 200', async () => {
    const running = await serve(await openStore({ sqlitePath: ':memory:' }));
    expect(await running.readyz()).toEqual({ status: 200 });
    running.bff.drain();
    expect(await running.readyz()).toEqual({
      status: 503,
      type: 'problem',
      detail: 'draining: this instance is shutting down',
    });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});

if (await postgresAvailable('readiness')) {
  describe('readiness on PostgreSQL', () => {
    const schemaFor = async (prefix: string) => {
      const schema = freshSchema(prefix);
      cleanups.push(() => dropSchema(schema));
      return schema;
    };

    it('when the database goes away, then /readyz answers 503 "database unreachable"; when it returns, 200', async () => {
      const schema = await schemaFor('ready_down');
      const proxy = await cuttableProxy(new URL(postgresUrl));
      const running = await serve(
        await openStore({ databaseUrl: proxy.url, postgresSchema: schema, postgresPoolSize: 2 }),
      );
      expect(await running.readyz()).toEqual({ status: 200 });

      await proxy.cut();
      for (let i = 0; i < 2; i += 1) {
        expect(await running.readyz()).toEqual({
          status: 503,
          type: 'problem',
          detail: 'database unreachable',
        });
      }

      await proxy.restore();
      expect(await running.readyz()).toEqual({ status: 200 });
    });

    it('when the BFF opened without migrating, then /readyz answers 503 "migrations pending" until the schema is migrated, then 200', async () => {
      const schema = await schemaFor('ready_migr');
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`create schema "${schema}"`);
      await admin.end();
      const running = await serve(
        await openStore({ databaseUrl: postgresUrl, postgresSchema: schema, migrate: false }),
      );
      const pending = await running.readyz();
      expect(pending).toMatchObject({ status: 503, type: 'problem' });
      expect(pending.detail).toMatch(
        /^migrations pending \(\d+\): run `ats-zoom-bff migrate` with an owner role$/,
      );

      const deploy = await openStoreSchema({ databaseUrl: postgresUrl, postgresSchema: schema });
      expect((await deploy.migrate()).length).toBeGreaterThan(0);
      await deploy.close();
      expect(await running.readyz()).toEqual({ status: 200 });
    });

    it('when the runtime role may read and write but not create, then a BFF opened without migrating is ready once an owner migrated', async () => {
      const schema = await schemaFor('ready_role');
      const role = `ats_runtime_${schema.slice(-12)}`;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      cleanups.push(async () => {
        await admin.query(`drop owned by "${role}"`);
        await admin.query(`drop role "${role}"`);
        await admin.end();
      });
      const deploy = await openStoreSchema({ databaseUrl: postgresUrl, postgresSchema: schema });
      await deploy.migrate();
      await deploy.close();
      await admin.query(`create role "${role}" login`);
      await admin.query(`grant usage on schema "${schema}" to "${role}"`);
      await admin.query(
        `grant select, insert, update, delete on all tables in schema "${schema}" to "${role}"`,
      );
      const runtimeUrl = new URL(postgresUrl);
      runtimeUrl.username = role;
      runtimeUrl.password = '';

      const runtime = new pg.Client({ connectionString: runtimeUrl.toString() });
      await runtime.connect();
      cleanups.push(() => runtime.end());
      await expect(runtime.query(`create table "${schema}".probe (a int)`)).rejects.toThrow(
        /permission denied/,
      );

      const running = await serve(
        await openStore({
          databaseUrl: runtimeUrl.toString(),
          postgresSchema: schema,
          migrate: false,
        }),
      );
      expect(await running.readyz()).toEqual({ status: 200 });
    });

    it('when the calendar outbox loop makes no progress for longer than a lease, then /readyz answers 503 "stalled"; when it moves again, 200; once closed, "stopped"', async () => {
      const schema = await schemaFor('ready_outbox');
      const running = await serve(
        await openStore({ databaseUrl: postgresUrl, postgresSchema: schema }),
        { pollIntervalMs: 20, leaseMs: 300 },
      );
      expect(await running.readyz()).toEqual({ status: 200 });

      // Another session holds the outbox table: the loop's next pass waits on it.
      const blocker = new pg.Client({ connectionString: postgresUrl });
      await blocker.connect();
      cleanups.push(() => blocker.end());
      await blocker.query('begin');
      await blocker.query(`lock table "${schema}".calendar_tasks in access exclusive mode`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await running.readyz()).toEqual({
        status: 503,
        type: 'problem',
        detail: 'calendar outbox loop stalled (no progress for longer than a task lease)',
      });

      await blocker.query('rollback');
      await expect.poll(() => running.readyz(), { timeout: 2_000 }).toEqual({ status: 200 });

      await running.bff.close();
      expect(await running.readyz()).toEqual({
        status: 503,
        type: 'problem',
        detail: 'calendar outbox loop stopped',
      });
    });
  });
}
