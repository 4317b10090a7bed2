import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildIfStale,
  type PackageJson,
  pnpmCommand,
  repoRoot,
  run,
  withDistLock,
  workspacePackages,
} from './workspace-packages';

/**
 * The packages as a user gets them: packed tarballs installed with npm into an app outside the
 * workspace, type-checked and rendered there. Nothing resolves to the sources or the workspace's
 * node_modules.
 */
const packed = ['contract', 'client', 'react', 'msw'] as const;

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
});

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

  it('packs contract, client, react and msw with workspace:* rewritten to versions', async () => {
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
      timed('pnpm pack ×4', () => {
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

  it('type-checks an app using the three components and the stylesheet (bundler and node16 resolution)', () => {
    timed('tsc (moduleResolution bundler, emits the render check)', () => tsc('tsconfig.json'));
    timed('tsc (moduleResolution node16)', () => tsc('tsconfig.node16.json'));
  }, 120_000);

  it('renders the three components against @ats-zoom/msw in jsdom, from the installed packages', () => {
    const output = timed('render check (node + jsdom + msw/node)', () =>
      run(['node'], ['build/render-check.js'], appDir),
    );
    console.log(output.trim());
    expect(output).toContain('ok ZoomLinkButton: 連携済み');
    expect(output).toContain('ok ZoomHostPicker: hanako.sato@acme-corp.example.com');
    expect(output).toContain(
      'ok VariableInserter: 変数を挿入 -> "面接のURL: {{next_web_interview_url}}"',
    );
    expect(output).toContain('ok exports: @ats-zoom/react/styles.css and /intl/en.json');
    expect(output).toContain('render check passed');
  }, 120_000);
});

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
