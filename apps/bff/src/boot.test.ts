import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

describe('apps/bff boot', () => {
  it('when the origin has a trailing slash and the secret is 31 bytes, then it exits 78 before listening, naming both', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@ats-zoom/source', 'src/main.ts'],
      {
        cwd: appDir,
        encoding: 'utf8',
        timeout: 30_000,
        env: {
          PATH: process.env.PATH,
          PORT: '0',
          ALLOWED_ORIGINS: 'https://ats.example.com/',
          HOST_TOKEN_ISSUER: 'my-ats',
          HOST_TOKEN_SECRET: 'x'.repeat(31),
          ZOOM_CLIENT_ID: 'id',
          ZOOM_CLIENT_SECRET: 'secret',
          ZOOM_WEBHOOK_SECRET_TOKEN: 'whsec',
        },
      },
    );
    expect(run.status, run.stderr).toBe(78);
    expect(run.stderr).toContain(
      'ALLOWED_ORIGINS.0: "https://ats.example.com/" must be an exact origin',
    );
    expect(run.stderr).toContain('HOST_TOKEN_SECRET: must be at least 32 bytes (UTF-8)');
    expect(run.stdout).not.toContain('BFF listening');
  });
});
