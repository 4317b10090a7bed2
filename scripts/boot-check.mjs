// Boots apps/bff on the Node.js running this script and checks that it serves, then stops it:
//   node scripts/boot-check.mjs
// It starts `apps/bff/src/main.ts` (as `pnpm --filter @ats-zoom/bff-server start` does, through
// tsx) with a minimal valid environment on a free loopback port, a fresh DATA_DIR and, unless
// DATABASE_URL is set in this environment, the SQLite store in that folder. Then: GET /healthz
// answers 200, GET /readyz 200 (the database answers), GET /v1/connections/me without a host
// token 401 problem+json; on SIGTERM the process exits 0. Exits non-zero, with the server's
// output, when any of that fails. CI runs it under Node 22 and 24 (.ci/run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const startTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'ats-zoom-boot-check-'));
const base = `http://127.0.0.1:${port}`;
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? tmpdir(),
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: String(port),
  DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  ALLOWED_ORIGINS: 'http://localhost:5173',
  HOST_TOKEN_ISSUER: 'boot-check',
  HOST_TOKEN_SECRET: 'boot-check-secret-at-least-32-characters',
  ZOOM_CLIENT_ID: 'boot-check-client',
  ZOOM_CLIENT_SECRET: 'boot-check-secret',
  ZOOM_WEBHOOK_SECRET_TOKEN: 'boot-check-webhook-token',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
};

console.log(`boot-check: Node.js ${process.version}, apps/bff on ${base}`);
const started = performance.now();
const child = spawn(
  process.execPath,
  ['--conditions=@ats-zoom/source', '--import', 'tsx', 'apps/bff/src/main.ts'],
  { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
);
let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
});
child.stderr.on('data', (chunk) => {
  output += chunk;
});
let exitCode;
const exited = new Promise((done) => {
  child.once('exit', (code, signal) => {
    exitCode = code ?? signal;
    done(exitCode);
  });
});

function fail(message) {
  console.error(`boot-check: FAILED: ${message}\n--- apps/bff output ---\n${output.trimEnd()}`);
  if (exitCode === undefined) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

async function get(path) {
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5_000) });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

// Wait for /healthz (or the process to end).
let health;
while (!health) {
  if (exitCode !== undefined) fail(`apps/bff exited (${exitCode}) before answering`);
  if (performance.now() - started > startTimeoutMs) fail(`no answer within ${startTimeoutMs} ms`);
  try {
    health = await get('/healthz');
  } catch {
    await sleep(100);
  }
}
const bootMs = Math.round(performance.now() - started);

const checks = [
  ['GET /healthz', health, 200, 'application/json'],
  ['GET /readyz', await get('/readyz'), 200, 'application/json'],
  [
    'GET /v1/connections/me (no token)',
    await get('/v1/connections/me'),
    401,
    'application/problem+json',
  ],
];
for (const [name, answer, status, type] of checks) {
  if (answer.status !== status || !answer.type.startsWith(type)) {
    fail(
      `${name} answered ${answer.status} ${answer.type}, expected ${status} ${type}: ${answer.body}`,
    );
  }
  console.log(`boot-check: ${name} -> ${answer.status} ${type}`);
}
const listening = output
  .split('\n')
  .map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  })
  .find((entry) => entry?.msg === 'BFF listening');
if (!listening) fail('no "BFF listening" log line');
console.log(`boot-check: up in ${bootMs} ms (store: ${listening.engine} on ${listening.driver})`);

child.kill('SIGTERM');
const code = await Promise.race([
  exited,
  new Promise((done) => setTimeout(() => done('timeout'), stopTimeoutMs).unref()),
]);
if (code !== 0) fail(`after SIGTERM: exit ${code}, expected 0 within ${stopTimeoutMs} ms`);
rmSync(dataDir, { recursive: true, force: true });
console.log('boot-check: SIGTERM -> exit 0');
