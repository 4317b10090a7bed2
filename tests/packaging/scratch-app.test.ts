import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { chromium } from 'playwright';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, freePort, type RunningProcess, startProcess } from './processes';
import { readmeExample } from './readme-examples';
import {
  buildIfStale,
  filesUnder,
  type PackageJson,
  pnpmCommand,
  repoRoot,
  run,
  withDistLock,
  workspacePackages,
} from './workspace-packages';

/**
 * The packages as a user gets them: packed tarballs installed with npm into an app outside the
 * workspace, type-checked, rendered and run there (the BFF and emulator bins too, and the msw
 * README's examples as written). Nothing resolves to the sources or the workspace's node_modules.
 */
const packed = ['contract', 'client', 'react', 'msw', 'bff', 'provider-emulator'] as const;

const rootManifest = JSON.parse(
  readFileSync(join(repoRoot, 'package.json'), 'utf8'),
) as PackageJson;
const reactManifest = workspacePackages().find((pkg) => pkg.folder === 'react')?.manifest;

/** A version range the workspace itself uses, so the scratch app tests what the repo tests. */
function workspaceRange(name: string): string {
  const range = rootManifest.devDependencies?.[name] ?? reactManifest?.devDependencies?.[name];
  if (!range) throw new Error(`the workspace does not use ${name}; add it or pin it here`);
  return range;
}

const registryDependencies: Record<string, string> = Object.fromEntries(
  [
    'react',
    'react-dom',
    '@tanstack/react-query',
    'msw',
    'typescript',
    '@types/react',
    '@types/react-dom',
    '@types/node',
    'jsdom',
    '@testing-library/react',
    '@testing-library/user-event',
    // The host's server: the peers of @ats-zoom/bff and @ats-zoom/provider-emulator.
    'express',
    'pino',
    // The msw README's examples: a Vite app and its Vitest set-up.
    'vite',
    '@vitejs/plugin-react',
    'vitest',
  ].map((name) => [name, workspaceRange(name)]),
);
// Peers of the above that the workspace gets transitively.
registryDependencies['@testing-library/dom'] = '^10.4.0';
registryDependencies['@types/jsdom'] = '^21.1.7';

const timings: string[] = [];
function timed<T>(step: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    timings.push(`${step}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

const scratchDir = mkdtempSync(join(tmpdir(), 'ats-zoom-scratch-app-'));
const tarballDir = join(scratchDir, 'tarballs');
const appDir = join(scratchDir, 'app');
mkdirSync(tarballDir);

afterAll(() => {
  console.log(`scratch app (${scratchDir}):\n  ${timings.join('\n  ')}`);
  rmSync(scratchDir, { recursive: true, force: true });
}, 120_000);

function npm(args: readonly string[]): string {
  return run(['npm'], args, appDir);
}

function tsc(project: string): string {
  try {
    return execFileSync(join(appDir, 'node_modules/.bin/tsc'), ['-p', project], {
      cwd: appDir,
      encoding: 'utf8',
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p ${project} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
  }
}

describe('a scratch app outside the workspace, from the packed tarballs', () => {
  const tarballs = new Map<string, string>();

  it('packs the six packages with workspace:* rewritten to versions', async () => {
    const packages = workspacePackages().filter((pkg) =>
      (packed as readonly string[]).includes(pkg.folder),
    );
    expect(packages.map((pkg) => pkg.folder).sort()).toEqual([...packed].sort());
    const versions = new Map(
      workspacePackages().map((pkg) => [pkg.manifest.name, pkg.manifest.version]),
    );

    const waitStarted = performance.now();
    await withDistLock(() => {
      timings.push(
        `waiting for another build: ${((performance.now() - waitStarted) / 1000).toFixed(1)} s`,
      );
      const built = timed('build (when dist is missing or stale)', () => buildIfStale(packages));
      if (built.length > 0) timings.push(`  rebuilt: ${built.join(', ')}`);
      timed(`pnpm pack ×${packages.length}`, () => {
        for (const pkg of packages) {
          const answer = run(
            pnpmCommand(),
            ['pack', '--json', '--pack-destination', tarballDir],
            pkg.dir,
          );
          const { filename } = JSON.parse(answer) as { filename: string };
          tarballs.set(pkg.manifest.name, filename);
        }
      });
    });

    for (const [name, tarball] of tarballs) {
      const manifest = JSON.parse(
        execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
      ) as PackageJson;
      expect(manifest.name).toBe(name);
      expect(
        JSON.stringify(manifest.exports),
        `${name}: the workspace-only source condition is not published`,
      ).not.toContain('@ats-zoom/source');
      for (const [dependency, range] of Object.entries({
        ...manifest.dependencies,
        ...manifest.peerDependencies,
      })) {
        expect(range, `${name} → ${dependency}`).not.toMatch(/^workspace:/);
        if (versions.has(dependency)) expect(range).toBe(versions.get(dependency));
      }
      const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
      expect(listing, `${name} ships no sources but its stylesheet and messages`).not.toMatch(
        /^package\/src\/.*\.tsx?$/m,
      );
    }
  }, 240_000);

  it('installs them with npm next to the peers from the registry', () => {
    expect(tarballs.size, 'packing must have succeeded').toBe(packed.length);
    cpSync(join(import.meta.dirname, 'scratch-app'), appDir, { recursive: true });
    const local = Object.fromEntries(
      [...tarballs].map(([name, tarball]) => [name, `file:${relative(appDir, tarball)}`]),
    );
    writeFileSync(
      join(appDir, 'package.json'),
      `${JSON.stringify(
        {
          name: 'ats-zoom-scratch-app',
          private: true,
          type: 'module',
          dependencies: { ...local, ...registryDependencies },
          // The tarballs depend on each other by version (0.1.0); npm must take them from here,
          // never look those names up in the registry.
          overrides: Object.fromEntries(Object.keys(local).map((name) => [name, `$${name}`])),
        },
        null,
        2,
      )}\n`,
    );
    try {
      timed('npm install', () =>
        npm([
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '--loglevel=error',
          '--fetch-retries=2',
          '--fetch-timeout=60000',
        ]),
      );
    } catch (error) {
      throw new Error(
        `npm install failed: the scratch app needs the npm registry (${npm(['config', 'get', 'registry']).trim()}) to be reachable.\n${(error as Error).message}`,
      );
    }
    const installed = JSON.parse(
      readFileSync(join(appDir, 'node_modules/@ats-zoom/react/package.json'), 'utf8'),
    ) as PackageJson;
    expect(installed.version).toBe(reactManifest?.version);
    // Each @ats-zoom package exists once, from its tarball (no registry copy nested anywhere).
    const tree = JSON.parse(npm(['ls', '--all', '--json'])) as unknown;
    const resolvedFrom = collectResolved(tree).filter(([name]) => name.startsWith('@ats-zoom/'));
    for (const [name, resolvedUrl] of resolvedFrom) {
      expect(resolvedUrl, name).toMatch(/^file:/);
    }
  }, 240_000);

  it('installs @ats-zoom/bff for PostgreSQL without compiling a native addon', () => {
    const nodeModules = join(appDir, 'node_modules');
    expect(
      existsSync(join(nodeModules, 'better-sqlite3')),
      'better-sqlite3 (SQLite only) is not installed for a PostgreSQL host',
    ).toBe(false);
    // A package with a binding.gyp compiles on install unless it found a prebuilt binary; either
    // way a .node file appears in it.
    const addons = filesUnder(nodeModules, (path) => path.endsWith('/binding.gyp')).map(dirname);
    const built = addons.flatMap((dir) =>
      filesUnder(dir, (path) => path.endsWith('.node')).map((path) => relative(appDir, path)),
    );
    expect(built).toEqual([]);
  });

  it("writes the msw README's Vitest and browser examples into the app, as written", () => {
    const readme = join(repoRoot, 'packages/msw/README.md');
    const vitest = readmeExample(readme, 'In your own tests');
    const browser = readmeExample(readme, 'In the browser');
    expect([...vitest.files.keys()].sort()).toEqual([
      'src/mocks/node.ts',
      'src/zoom-settings.test.tsx',
      'vitest.config.ts',
      'vitest.setup.ts',
    ]);
    expect([...browser.files.keys()].sort()).toEqual(['src/main.tsx', 'src/mocks/browser.ts']);
    // What the README tells to install is what this app has.
    const installed = Object.keys(
      (JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as PackageJson)
        .dependencies ?? {},
    );
    for (const command of vitest.commands) {
      expect(command).toMatch(/^npm install --save-dev /);
      for (const name of command.replace(/^npm install --save-dev /, '').split(/\s+/)) {
        expect(installed, `${name}, from "${command}"`).toContain(name);
      }
    }
    for (const [path, code] of [...vitest.files, ...browser.files]) {
      mkdirSync(dirname(join(appDir, path)), { recursive: true });
      writeFileSync(join(appDir, path), code);
    }
    expect(browser.commands).toEqual(['npx msw init public --save']);
    for (const command of browser.commands) {
      timed(command, () => run(['sh'], ['-c', command], appDir, 120_000, childEnv()));
    }
    expect(existsSync(join(appDir, 'public/mockServiceWorker.js'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
      msw?: { workerDirectory?: string[] };
    };
    expect(manifest.msw?.workerDirectory).toEqual(['public']);
  }, 120_000);

  it('type-checks an app using the three components and the stylesheet (bundler and node16 resolution)', () => {
    timed('tsc (moduleResolution bundler, emits the render check)', () => tsc('tsconfig.json'));
    timed('tsc (moduleResolution node16)', () => tsc('tsconfig.node16.json'));
    // About 70 s on an idle 2-core machine; twice that when the machine is busy.
  }, 300_000);

  it('renders the three components against @ats-zoom/msw in jsdom, from the installed packages', () => {
    const output = timed('render check (node + jsdom + msw/node)', () =>
      run(['node'], ['build/render-check.js'], appDir),
    );
    console.log(output.trim());
    expect(output).toContain('ok ZoomLinkButton: 連携済み');
    expect(output).toContain('ok ZoomHostPicker: hanako.sato@acme-corp.example.com');
    expect(output).toContain(
      'ok VariableInserter: 変数を挿入 -> "面接のURL: {{次のWeb面接・面談URL}}"',
    );
    expect(output).toContain('ok exports: @ats-zoom/react/styles.css and /intl/en.json');
    expect(output).toContain('render check passed');
  }, 120_000);

  it("runs the msw README's Vitest example with vitest", () => {
    // `--dir src`: the tests as written, not tsc's copies of them in build/.
    const output = timed('vitest run (the README example)', () =>
      run(
        ['npx'],
        ['vitest', 'run', '--dir', 'src'],
        appDir,
        120_000,
        childEnv({ CI: 'true', NO_COLOR: '1' }),
      ),
    );
    expect(output).toMatch(/Test Files\s+1 passed \(1\)/);
    expect(output).toMatch(/Tests\s+2 passed \(2\)/);
  }, 150_000);

  it("builds the msw README's browser example with vite, msw left out of the production build", () => {
    timed('vite build', () => run(['npx'], ['vite', 'build'], appDir, 120_000, childEnv()));
    const scripts = filesUnder(join(appDir, 'dist/assets'), (path) => path.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const shipped = scripts.map((path) => readFileSync(path, 'utf8')).join('\n');
    expect(shipped).toContain('https://bff.example.com');
    expect(shipped, 'the dev-only worker set-up is not in the build').not.toMatch(
      /setupWorker|mockServiceWorker|\[MSW\]/,
    );
    // As the README says: the worker script is copied from public/, and only that.
    expect(existsSync(join(appDir, 'dist/mockServiceWorker.js'))).toBe(true);
  }, 150_000);

  it("runs the msw README's browser example in Chromium: the worker answers for the BFF", async () => {
    const port = await freePort();
    const vite = await startProcess(
      join(appDir, 'node_modules/.bin/vite'),
      ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
      { cwd: appDir, env: childEnv(), ready: /ready in/ },
    );
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const bffRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/bff/')) bffRequests.push(request.url());
      });
      await page.goto(`http://127.0.0.1:${port}/`);
      const linkButton = page.locator('[data-slot="zoom-link-button"]');
      await linkButton.and(page.locator('[data-state="connected"]')).waitFor({ timeout: 60_000 });
      expect(await linkButton.textContent()).toContain('連携済み');
      expect(bffRequests).toContain(`http://127.0.0.1:${port}/bff/v1/connections/me`);
      // The page is controlled by MSW's worker: it, not the dev server, answered /bff/.
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
        `http://127.0.0.1:${port}/mockServiceWorker.js`,
      );
    } finally {
      await browser.close();
      await vite.stop();
    }
  }, 150_000);

  it('runs ats-zoom-emulator, then ats-zoom-bff against it on PostgreSQL in a schema of its own', async (context) => {
    const pg = createRequire(join(appDir, 'package.json'))('pg') as PgModule;
    const problem = await postgresProblem(pg);
    if (problem !== undefined) {
      if (process.env.CI === 'true') expect.fail(`PostgreSQL at ${postgresUrl}: ${problem}`);
      console.log(`PostgreSQL at ${postgresUrl} is unreachable (${problem}); the bins are not run`);
      context.skip();
    }
    const schema = `ats_zoom_scratch_${randomBytes(6).toString('hex')}`;
    await sqlOnce(pg, `create schema "${schema}"`);
    const running: RunningProcess[] = [];
    try {
      const bffPort = await freePort();
      const bffUrl = `http://localhost:${bffPort}`;
      const emulator = await startProcess(
        join(appDir, 'node_modules/.bin/ats-zoom-emulator'),
        ['--port', '0'],
        {
          cwd: appDir,
          env: onlyEnv({ ZOOM_REDIRECT_URI: `${bffUrl}/v1/oauth/zoom/callback` }),
          ready: /^Provider emulator listening on (\S+)\n[\s\S]*^For ats-zoom-bff: (.+)$/m,
        },
      );
      running.push(emulator);
      const [, emulatorUrl = '', bffSettings = ''] = emulator.match;
      const emulatorSettings = Object.fromEntries(
        bffSettings.split(' ').map((pair) => pair.split('=') as [string, string]),
      );
      expect(Object.keys(emulatorSettings).sort()).toEqual([
        'GOOGLE_BASE_URL',
        'ZOOM_API_BASE_URL',
        'ZOOM_OAUTH_BASE_URL',
      ]);

      const hostToken = {
        HOST_TOKEN_ISSUER: 'scratch-ats',
        HOST_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      };
      const hostOrigin = 'https://ats.scratch.example';
      const bff = await startProcess(join(appDir, 'node_modules/.bin/ats-zoom-bff'), [], {
        cwd: appDir,
        env: onlyEnv({
          ...emulatorSettings,
          ...hostToken,
          PORT: String(bffPort),
          HOST: '127.0.0.1',
          ALLOWED_ORIGINS: hostOrigin,
          ZOOM_CLIENT_ID: 'emulator-zoom-client',
          ZOOM_CLIENT_SECRET: 'emulator-zoom-secret',
          ZOOM_WEBHOOK_SECRET_TOKEN: randomBytes(16).toString('hex'),
          DATABASE_URL: `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
          ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
          DATA_DIR: join(scratchDir, 'bff-data'),
        }),
        ready: /"msg":"BFF listening"/,
      });
      running.push(bff);
      expect(bff.output()).toContain(`"url":"${bffUrl}","engine":"postgres"`);

      const output = timed('both bins (emulator, BFF on PostgreSQL) and a host', () =>
        run(
          ['node'],
          ['build/services-check.js'],
          appDir,
          60_000,
          childEnv({
            ...hostToken,
            BFF_URL: bffUrl,
            EMULATOR_URL: emulatorUrl,
            HOST_ORIGIN: hostOrigin,
          }),
        ),
      );
      console.log(output.trim());
      expect(output).toContain('services check passed');
      // The attempt went into the schema named in DATABASE_URL.
      const attempts = await sqlOnce(
        pg,
        `select count(*)::int as count from "${schema}".oauth_attempts`,
      );
      expect(attempts).toEqual([{ count: 1 }]);

      // SIGTERM closes each cleanly (the BFF finishes its work and closes the store).
      expect(await running.pop()?.stop(), 'ats-zoom-bff exit code').toBe(0);
      expect(await running.pop()?.stop(), 'ats-zoom-emulator exit code').toBe(0);
    } finally {
      for (const each of running) await each.stop();
      await sqlOnce(pg, `drop schema if exists "${schema}" cascade`);
    }
  }, 150_000);
});

/**
 * Exactly `settings` (and PATH for `#!/usr/bin/env node`): the bins read their whole
 * configuration from the environment, so nothing from the shell that runs the tests leaks in.
 */
function onlyEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', ...settings };
}

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** What this test uses of `pg` (the scratch app's copy, installed with @ats-zoom/bff). */
interface PgModule {
  Client: new (config: {
    connectionString: string;
    connectionTimeoutMillis?: number;
  }) => {
    connect(): Promise<unknown>;
    query(text: string): Promise<{ rows: unknown[] }>;
    end(): Promise<void>;
  };
}

async function sqlOnce(pg: PgModule, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function postgresProblem(pg: PgModule): Promise<string | undefined> {
  try {
    await sqlOnce(pg, 'select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** [name, resolved] of every node in `npm ls --json`'s tree. */
function collectResolved(tree: unknown): [string, string][] {
  const found: [string, string][] = [];
  const walk = (dependencies: unknown) => {
    if (!dependencies || typeof dependencies !== 'object') return;
    for (const [name, node] of Object.entries(dependencies as Record<string, unknown>)) {
      const { resolved, dependencies: nested } = node as {
        resolved?: string;
        dependencies?: unknown;
      };
      if (resolved) found.push([name, resolved]);
      walk(nested);
    }
  };
  walk((tree as { dependencies?: unknown }).dependencies);
  return found;
}
