import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildIfStale,
  filesUnder,
  type PackageJson,
  type WorkspacePackage,
  withDistLock,
  workspacePackages,
} from './workspace-packages';

/** Every package under packages/ is meant for others: each is checked the same way. */
const packages = workspacePackages();
const sourceCondition = '@ats-zoom/source';

/** `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`, `require('x')`. */
const specifierPatterns = [
  /\bfrom\s*["']([^"'\n]+)["']/g,
  /\bimport\s*["']([^"'\n]+)["']/g,
  /\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
];

function bareSpecifiers(code: string): Set<string> {
  const found = new Set<string>();
  for (const pattern of specifierPatterns) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1] as string;
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) found.add(specifier);
    }
  }
  return found;
}

function packageNameOf(specifier: string): string {
  const [first, second] = specifier.split('/');
  return specifier.startsWith('@') ? `${first}/${second}` : (first as string);
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageNameOf(specifier));
}

/** `@types/x` for `x`, `@types/scope__x` for `@scope/x`. */
function typesPackageOf(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

/** Whether the installed dependency `name` of `pkg` carries its own type declarations. */
function shipsTypes(pkg: WorkspacePackage, name: string): boolean {
  const dir = join(pkg.dir, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) return false;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const root =
    manifest.exports && typeof manifest.exports === 'object' && '.' in manifest.exports
      ? (manifest.exports as Record<string, unknown>)['.']
      : manifest.exports;
  const entries = [root, manifest.types, manifest.typings, manifest.module, manifest.main]
    .flatMap(function strings(value: unknown): string[] {
      if (typeof value === 'string') return [value];
      return value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
    })
    .concat('index.js');
  return entries.some(
    (entry) =>
      /\.d\.[cm]?ts$/.test(entry) ||
      ['.d.ts', '.d.mts', '.d.cts'].some((extension) =>
        existsSync(join(dir, entry.replace(/\.[cm]?js$/, '') + extension)),
      ),
  );
}

function runtimeNames(manifest: PackageJson): Set<string> {
  return new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]);
}

/** Whether `path` (relative to the package, no `./`) is published by one of `files`. */
function isPublished(path: string, files: readonly string[]): boolean {
  return files.some((entry) => {
    const pattern = new RegExp(
      `^${entry
        .replace(/\/$/, '')
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '.+')
        .replace(/\*/g, '[^/]+')}(/.*)?$`,
    );
    return pattern.test(path);
  });
}

function exportEntries(manifest: PackageJson): [string, unknown][] {
  return Object.entries(manifest.exports ?? {});
}

describe.each(packages)(
  '$manifest.name (packages/$folder/package.json)',
  (pkg: WorkspacePackage) => {
    const { manifest } = pkg;

    it('is ESM for Node >= 20.19', () => {
      expect(manifest.type).toBe('module');
      expect(manifest.engines?.node).toBe('>=20.19');
    });

    it('lists types before default in every export, with only the source condition before them', () => {
      const entries = exportEntries(manifest);
      expect(entries.length, 'an exports map').toBeGreaterThan(0);
      expect(manifest.exports).toHaveProperty(['.']);
      for (const [subpath, target] of entries) {
        if (typeof target === 'string') {
          // Plain assets (a stylesheet, message catalogues) carry no types of their own.
          expect(target, subpath).toMatch(/\.(css|json)$/);
          continue;
        }
        const conditions = Object.keys(target as Record<string, string>).filter(
          (condition) => condition !== sourceCondition,
        );
        expect(conditions, subpath).toEqual(['types', 'default']);
        const { types, default: runtime } = target as Record<string, string>;
        expect(types, subpath).toMatch(/^\.\/dist\/.+\.d\.ts$/);
        expect(runtime, subpath).toMatch(/^\.\/dist\/.+\.js$/);
        if (sourceCondition in (target as object)) {
          expect(Object.keys(target as object)[0], `${subpath}: ${sourceCondition} first`).toBe(
            sourceCondition,
          );
        }
      }
    });

    it('declares side effects only for stylesheets', () => {
      const { sideEffects } = manifest;
      if (Array.isArray(sideEffects)) {
        expect(sideEffects.length).toBeGreaterThan(0);
        for (const glob of sideEffects) expect(glob).toMatch(/\.css$/);
      } else {
        expect(sideEffects).toBe(false);
      }
    });

    it('publishes, through `files`, everything its exports point at and no test or source code', () => {
      const files = manifest.files ?? [];
      expect(files.length, '`files`').toBeGreaterThan(0);
      for (const [subpath, target] of exportEntries(manifest)) {
        const targets =
          typeof target === 'string'
            ? [target]
            : Object.entries(target as Record<string, string>)
                .filter(([condition]) => condition !== sourceCondition)
                .map(([, path]) => path);
        for (const path of targets) {
          expect(isPublished(path.replace(/^\.\//, ''), files), `${subpath} → ${path}`).toBe(true);
        }
      }
      const shippedSources = filesUnder(join(pkg.dir, 'src'))
        .map((path) => relative(pkg.dir, path).split('\\').join('/'))
        .filter((path) => /\.(tsx?|mdx)$/.test(path) && isPublished(path, files));
      expect(shippedSources).toEqual([]);
    });

    it('keeps workspace:* only where pnpm rewrites it (dependencies), never in peers', () => {
      for (const range of Object.values(manifest.peerDependencies ?? {})) {
        expect(range).not.toMatch(/^workspace:/);
      }
    });
  },
);

describe('what the built packages import', () => {
  beforeAll(async () => {
    await withDistLock(() => buildIfStale(packages));
  }, 300_000);

  it.each(packages)(
    '$manifest.name: dist/*.js imports only Node built-ins, its dependencies and peers',
    async (pkg: WorkspacePackage) => {
      const allowed = runtimeNames(pkg.manifest);
      const undeclared = await withDistLock(() =>
        filesUnder(join(pkg.dir, 'dist'), (path) => path.endsWith('.js')).flatMap((path) =>
          [...bareSpecifiers(readFileSync(path, 'utf8'))]
            .filter((specifier) => !isBuiltin(specifier) && !allowed.has(packageNameOf(specifier)))
            .map((specifier) => `${relative(pkg.dir, path)}: ${specifier}`),
        ),
      );
      expect(undeclared).toEqual([]);
    },
  );

  it.each(packages)(
    '$manifest.name: dist/*.d.ts refers only to typed packages a consumer gets with it',
    async (pkg: WorkspacePackage) => {
      const allowed = runtimeNames(pkg.manifest);
      allowed.add(pkg.manifest.name);
      const undeclared = await withDistLock(() =>
        filesUnder(join(pkg.dir, 'dist'), (path) => path.endsWith('.d.ts')).flatMap((path) =>
          // JSDoc examples (`import … from '@ats-zoom/client'`) are not imports.
          [...bareSpecifiers(readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, ''))]
            .filter((specifier) => !isBuiltin(specifier))
            .filter((specifier) => {
              const name = packageNameOf(specifier);
              if (name === pkg.manifest.name) return false;
              // A dependency without its own types needs its @types package beside it.
              return (
                !(allowed.has(name) && shipsTypes(pkg, name)) && !allowed.has(typesPackageOf(name))
              );
            })
            .map((specifier) => `${relative(pkg.dir, path)}: ${specifier}`),
        ),
      );
      expect(undeclared).toEqual([]);
    },
  );
});
