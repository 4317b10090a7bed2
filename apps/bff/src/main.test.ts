import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = resolve(import.meta.dirname, '..');

const validEnv = {
  ALLOWED_ORIGINS: 'http://localhost:5173',
  HOST_TOKEN_ISSUER: 'demo-ats',
  HOST_TOKEN_SECRET: 'x'.repeat(32),
  ZOOM_CLIENT_ID: 'id',
  ZOOM_CLIENT_SECRET: 'secret',
  ZOOM_WEBHOOK_SECRET_TOKEN: 'whsec',
  PORT: '0',
  LOG_LEVEL: 'info',
};

/** `apps/bff` as `pnpm start` runs it, with exactly `env` (plus PATH). */
function startBff(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ['--conditions=@ats-zoom/source', '--import', 'tsx', 'src/main.ts'],
    { cwd: appDir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

describe('apps/bff boot', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ats-zoom-bff-boot-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    'postgress://ats:pw-s3cret@db.example.com/ats',
    'mysql://ats:pw-s3cret@db.example.com/ats',
  ])(
    'when DATABASE_URL is %s, then boot stops with exit 78 naming DATABASE_URL, the password masked, and opens no database',
    async (url) => {
      const bff = startBff({ ...validEnv, DATA_DIR: dataDir, DATABASE_URL: url });

      expect(await bff.exited).toBe(78);
      expect(bff.output()).toContain('DATABASE_URL:');
      expect(bff.output()).toContain(`${url.split(':')[0]}://ats:***@db.example.com/ats`);
      expect(bff.output()).toContain('postgres://user:password@host:5432/database');
      expect(bff.output()).not.toContain('pw-s3cret');
      expect(existsSync(join(dataDir, 'ats-zoom.sqlite'))).toBe(false);
    },
    30_000,
  );

  it('when DATABASE_URL is a sqlite: URL, then the BFF keeps its data in that file and stops cleanly on SIGTERM', async () => {
    const file = join(dataDir, 'chosen.sqlite');
    const bff = startBff({ ...validEnv, DATA_DIR: dataDir, DATABASE_URL: `sqlite://${file}` });
    try {
      await expect
        .poll(() => bff.output(), { timeout: 20_000, interval: 100 })
        .toContain('BFF listening');
      expect(existsSync(file)).toBe(true);
      expect(existsSync(join(dataDir, 'ats-zoom.sqlite'))).toBe(false);
    } finally {
      bff.child.kill('SIGTERM');
    }
    expect(await bff.exited).toBe(0);
  }, 30_000);
});
