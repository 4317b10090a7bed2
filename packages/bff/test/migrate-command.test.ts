import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, postgresUrl } from './postgres';

const packageDir = resolve(import.meta.dirname, '..');
const bin = ['--conditions=@ats-zoom/source', '--import', 'tsx', 'src/bin/ats-zoom-bff.ts'];

/** `ats-zoom-bff migrate ...` as a deploy step runs it: exit code and what it printed. */
async function migrate(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [...bin, 'migrate', ...args],
      { cwd: packageDir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function startServer(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, bin, {
    cwd: packageDir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

if (await postgresAvailable('migrate command')) {
  describe('ats-zoom-bff migrate', () => {
    const schema = freshSchema('migrate_cmd');
    // The deployment's schema, chosen by the role's search_path as an operator would set it.
    const databaseUrl = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

    afterAll(() => dropSchema(schema));

    it('when the server boots with MIGRATE_ON_BOOT=false on an empty schema, then readyz is 503 until `migrate` runs; --check exits 3 before and 0 after', async () => {
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`create schema "${schema}"`);
      await admin.end();

      const server = startServer({
        DATABASE_URL: databaseUrl,
        MIGRATE_ON_BOOT: 'false',
        ALLOWED_ORIGINS: 'http://localhost:5173',
        HOST_TOKEN_ISSUER: 'my-ats',
        HOST_TOKEN_SECRET: 'x'.repeat(32),
        ZOOM_CLIENT_ID: 'id',
        ZOOM_CLIENT_SECRET: 'secret',
        ZOOM_WEBHOOK_SECRET_TOKEN: 'whsec',
        PORT: '0',
      });
      try {
        await expect
          .poll(() => server.output(), { timeout: 20_000, interval: 50 })
          .toContain('"msg":"BFF listening"');
        const line = server
          .output()
          .split('\n')
          .find((each) => each.includes('BFF listening'));
        const url = (JSON.parse(line ?? '{}') as { url: string }).url;
        expect(server.output()).toContain('MIGRATE_ON_BOOT=false: migrations pending');

        const notReady = await fetch(`${url}/readyz`);
        expect(notReady.status).toBe(503);
        const problem = (await notReady.json()) as { code: string; detail: string };
        expect(problem.code).toBe('not_ready');
        expect(problem.detail).toMatch(/^migrations pending \(\d+\)/);
        const count = Number(/\((\d+)\)/.exec(problem.detail)?.[1]);

        const check = await migrate(['--check'], { DATABASE_URL: databaseUrl });
        expect(check.code, check.stderr).toBe(3);
        const pending = check.stdout.split('\n').filter((each) => each.startsWith('  '));
        expect(pending).toHaveLength(count);
        expect(check.stdout).toContain(`${count} migration(s) pending:`);
        // Nothing was applied by the check: still not ready.
        expect((await fetch(`${url}/readyz`)).status).toBe(503);

        const applied = await migrate([], { DATABASE_URL: databaseUrl });
        expect(applied.code, applied.stderr).toBe(0);
        expect(applied.stdout).toContain(`applied ${count} migration(s):`);
        expect(applied.stdout.split('\n').filter((each) => each.startsWith('  '))).toEqual(pending);

        expect((await fetch(`${url}/readyz`)).status).toBe(200);
        const after = await migrate(['--check'], { DATABASE_URL: databaseUrl });
        expect(after.code).toBe(0);
        expect(after.stdout).toContain('up to date, no migration pending');
        const again = await migrate([], { DATABASE_URL: databaseUrl });
        expect(again.code).toBe(0);
        expect(again.stdout).toContain('up to date, nothing to apply');

        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      } finally {
        server.child.kill('SIGKILL');
      }
    }, 60_000);

    it('when the database refuses the connection, then migrate exits 1 naming the URL with its password masked', async () => {
      const result = await migrate(['--check'], {
        DATABASE_URL: 'postgres://ats:pw-s3cret@127.0.0.1:9/ats',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('migrate failed on postgres://ats:***@127.0.0.1:9/ats');
      expect(result.stderr).not.toContain('pw-s3cret');
    }, 30_000);
  });
}
