import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
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
