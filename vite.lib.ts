import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { UserConfig } from 'vite';
import dts from 'vite-plugin-dts';

/**
 * Library build shared by the packages: ESM + .d.ts, dependencies left external,
 * no publicDir (the MSW worker must not end up in a library).
 */
export function libraryConfig(
  packageDir: string,
  entries: Record<string, string>,
  options: { plugins?: UserConfig['plugins'] } = {},
): UserConfig {
  return {
    publicDir: false,
    plugins: [
      ...(options.plugins ?? []),
      dts({
        tsconfigPath: resolve(packageDir, '../../tsconfig.base.json'),
        include: [resolve(packageDir, 'src')],
        exclude: ['**/*.test.ts', '**/*.test.tsx', '**/*.stories.tsx', '**/test/**'],
        entryRoot: resolve(packageDir, 'src'),
        beforeWriteFile: (filePath, content) => ({
          content: withJsExtensions(
            withInlinedJsonTypes(content, resolve(packageDir, 'src'), packageDir, filePath),
            join(
              resolve(packageDir, 'src'),
              relative(resolve(packageDir, 'dist'), dirname(filePath)),
            ),
            dirname(filePath),
          ),
        }),
      }),
    ],
    build: {
      target: 'es2022',
      outDir: resolve(packageDir, 'dist'),
      emptyOutDir: true,
      sourcemap: true,
      lib: {
        entry: Object.fromEntries(
          Object.entries(entries).map(([name, file]) => [name, resolve(packageDir, file)]),
        ),
        formats: ['es'],
      },
      rolldownOptions: {
        external: (id: string) =>
          !id.startsWith('.') &&
          !id.startsWith('/') &&
          !id.startsWith('\0') &&
          (builtinModules.includes(id) || id.startsWith('node:') || /^[@a-z]/.test(id)),
      },
    },
  };
}

/**
 * A `.d.ts` that imports a JSON file (`keyof typeof ja`) fails to type-check for consumers on
 * `moduleResolution: node16` without `resolveJsonModule` (TS2732). Declare the JSON's type inline.
 */
function withInlinedJsonTypes(
  content: string,
  sourceRoot: string,
  packageDir: string,
  filePath: string,
): string {
  const sourceDir = join(sourceRoot, relative(resolve(packageDir, 'dist'), dirname(filePath)));
  return content.replace(
    /^import\s+(?:\{\s*default\s+as\s+(\w+)\s*\}|(\w+))\s+from\s*(['"])(\.{1,2}\/[^'"]+\.json)\3;?$/gm,
    (whole, named: string | undefined, plain: string | undefined, _quote: string, spec: string) => {
      const file = [resolve(sourceDir, spec), resolve(dirname(filePath), spec)].find(existsSync);
      if (!file) return whole;
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return `declare const ${named ?? plain}: ${jsonType(value)};`;
    },
  );
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return `(${[...new Set(value.map(jsonType))].join(' | ') || 'never'})[]`;
  if (typeof value === 'object') {
    const members = Object.entries(value).map(
      ([key, member]) => `${JSON.stringify(key)}: ${jsonType(member)};`,
    );
    return `{ ${members.join(' ')} }`;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? typeof value
    : 'unknown';
}

/**
 * The sources use extensionless relative imports (bundler resolution); the emitted .d.ts keep
 * them, which TypeScript consumers on `moduleResolution: node16/nodenext` cannot resolve (attw:
 * "Internal resolution error"). Point each one at the emitted file: `./x.js` or `./x/index.js`.
 */
function withJsExtensions(content: string, sourceDir: string, outDir: string): string {
  return content.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g,
    (whole, lead: string, quote: string, spec: string) => {
      const base = resolve(sourceDir, spec);
      // JSON stays in src (published as is, see `files`): point at it from dist.
      if (spec.endsWith('.json') && existsSync(base) && !existsSync(resolve(outDir, spec))) {
        const fromDist = relative(outDir, base).split('\\').join('/');
        return `${lead}${quote}${fromDist.startsWith('.') ? fromDist : `./${fromDist}`}${quote}`;
      }
      if (/\.(js|json|css)$/.test(spec)) return whole;
      if (existsSync(`${base}.ts`) || existsSync(`${base}.tsx`)) {
        return `${lead}${quote}${spec}.js${quote}`;
      }
      if (existsSync(join(base, 'index.ts')) || existsSync(join(base, 'index.tsx'))) {
        return `${lead}${quote}${spec}/index.js${quote}`;
      }
      return whole;
    },
  );
}
