import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = resolve(import.meta.dirname, '..');
const ORIGIN = 'http://localhost:5173';

/** A host's JWKS endpoint whose answer the test holds back: every request needing it waits. */
async function heldJwks(publicKey: KeyObject): Promise<{
  url: string;
  fetches: () => number;
  release(): void;
  close(): Promise<void>;
}> {
  let fetches = 0;
  let release!: () => void;
  const released = new Promise<void>((done) => {
    release = done;
  });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    void released.then(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    fetches: () => fetches,
    release,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** An ES256 host token as a host backend signs it. */
function hostToken(privateKey: KeyObject, sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${part({ alg: 'ES256', kid: 'k1', typ: 'JWT' })}.${part({
    iss: 'my-ats',
    aud: 'ats-zoom',
    sub,
    tid: 'tenant-a',
    role: 'recruiter',
    name: sub,
    email: `${sub}@a.example`,
    iat: now,
    exp: now + 120,
  })}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

/** `apps/bff` as `pnpm start` runs it, with exactly `env` (plus PATH). */
function startBff(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  url: () => Promise<string>;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=@ats-zoom/source', '--import', 'tsx', 'src/main.ts'],
    { cwd: appDir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = async () => {
    await expect
      .poll(() => output, { timeout: 20_000, interval: 50 })
      .toContain('"msg":"BFF listening"');
    const line = output.split('\n').find((each) => each.includes('"msg":"BFF listening"')) ?? '';
    return (JSON.parse(line) as { url: string }).url;
  };
  return { child, output: () => output, url, exited };
}

async function readyz(url: string): Promise<{ status: number; detail?: string }> {
  const answer = await fetch(`${url}/readyz`);
  const body = (await answer.json()) as { detail?: string };
  return { status: answer.status, ...(body.detail ? { detail: body.detail } : {}) };
}

/** Whether the port still accepts a new TCP connection. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

describe('apps/bff drain on SIGTERM', () => {
  let dataDir: string;
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const env = (jwksUrl: string, more: Record<string, string>) => ({
    ALLOWED_ORIGINS: ORIGIN,
    HOST_TOKEN_ISSUER: 'my-ats',
    HOST_TOKEN_JWKS_URL: jwksUrl,
    ZOOM_CLIENT_ID: 'id',
    ZOOM_CLIENT_SECRET: 'secret',
    ZOOM_WEBHOOK_SECRET_TOKEN: 'whsec',
    // Google on: the calendar outbox loop runs, and the drain stops it.
    GOOGLE_CLIENT_ID: 'gid',
    GOOGLE_CLIENT_SECRET: 'gsecret',
    GOOGLE_BASE_URL: 'http://127.0.0.1:9/google',
    PORT: '0',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    ...more,
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ats-zoom-bff-drain-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when SIGTERM comes with 50 requests in flight, then readyz turns 503 at once, new connections stop, all 50 are answered, then it exits 0', async () => {
    const jwks = await heldJwks(keys.publicKey);
    const bff = startBff(env(jwks.url, { SHUTDOWN_DELAY_MS: '400', SHUTDOWN_TIMEOUT_MS: '10000' }));
    try {
      const url = await bff.url();
      expect(await readyz(url)).toEqual({ status: 200 });

      // 50 requests, each waiting for the host's keys, which the test holds back.
      const answers = Array.from({ length: 50 }, (_, i) =>
        fetch(`${url}/v1/connections/me`, {
          headers: {
            authorization: `Bearer ${hostToken(keys.privateKey, `u-${i}`)}`,
            origin: ORIGIN,
          },
        }).then(async (answer) => ({ status: answer.status, body: await answer.text() })),
      );
      let settled = 0;
      for (const answer of answers)
        void answer.then(
          () => (settled += 1),
          () => (settled += 1),
        );
      await expect.poll(() => jwks.fetches(), { timeout: 5_000 }).toBeGreaterThan(0);
      await new Promise((done) => setTimeout(done, 200));
      expect(settled).toBe(0);

      bff.child.kill('SIGTERM');
      await expect
        .poll(() => bff.output(), { timeout: 2_000, interval: 20 })
        .toContain('drain: started');
      // Within SHUTDOWN_DELAY_MS the listener is open and readyz says why it refuses.
      expect(await readyz(url)).toEqual({
        status: 503,
        detail: 'draining: this instance is shutting down',
      });
      // Then the listener closes while the 50 are still waiting.
      await expect.poll(() => accepts(url), { timeout: 3_000, interval: 50 }).toBe(false);
      expect(settled).toBe(0);
      expect(bff.child.exitCode).toBeNull();

      jwks.release();
      const done = await Promise.all(answers);
      expect(done.map((answer) => answer.status)).toEqual(Array(50).fill(200));
      expect(await bff.exited).toBe(0);
      const output = bff.output();
      expect(output).toContain('"inFlight":50');
      expect(output.indexOf('stopping the outbox loop')).toBeLessThan(
        output.indexOf('drain: done'),
      );
    } finally {
      jwks.release();
      bff.child.kill('SIGKILL');
      await jwks.close();
    }
  }, 30_000);

  it('when a request is still in flight at SHUTDOWN_TIMEOUT_MS, then it logs the deadline and exits 1', async () => {
    const jwks = await heldJwks(keys.publicKey);
    const bff = startBff(env(jwks.url, { SHUTDOWN_TIMEOUT_MS: '500' }));
    try {
      const url = await bff.url();
      const stuck = fetch(`${url}/v1/connections/me`, {
        headers: {
          authorization: `Bearer ${hostToken(keys.privateKey, 'u-stuck')}`,
          origin: ORIGIN,
        },
      }).catch((error: unknown) => error);
      await expect.poll(() => jwks.fetches(), { timeout: 5_000 }).toBeGreaterThan(0);

      const signalled = Date.now();
      bff.child.kill('SIGTERM');
      expect(await bff.exited).toBe(1);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(450);
      expect(bff.output()).toContain(
        'drain deadline of 500 ms passed with 1 request(s) in flight; exiting',
      );
      await stuck;
    } finally {
      bff.child.kill('SIGKILL');
      jwks.release();
      await jwks.close();
    }
  }, 30_000);
});
