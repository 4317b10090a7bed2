import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// In-repo packages resolve each other from source through this export condition.
const sourceCondition = '@ats-zoom/source';

// The React 18 run (project `jsdom-react18`): root devDependencies `react-18` and `react-dom-18`
// are npm aliases of react and react-dom 18.3, and .pnpmfile.cjs gives react-dom 18 its own React.
const installedAt = (alias: string) =>
  realpathSync(fileURLToPath(new URL(`./node_modules/${alias}`, import.meta.url)));
const react18Aliases = [
  { find: /^react(\/.*)?$/, replacement: `${installedAt('react-18')}$1` },
  { find: /^react-dom(\/.*)?$/, replacement: `${installedAt('react-dom-18')}$1` },
];
// Packages in the component tests that import React. Externalised, they would load through Node and
// get the root's React 19; inlined, their imports go through the aliases. (Some would be inlined
// anyway as ESM-only builds; listing them all keeps the run from depending on that.)
const reactImportingPackages = [
  /\/@testing-library\/react\//,
  /\/@tanstack\/react-query\//,
  /\/@radix-ui\//,
  /\/@floating-ui\/react-dom\//,
  /\/react-remove-scroll(-bar)?\//,
  /\/react-style-singleton\//,
  /\/use-callback-ref\//,
  /\/use-sidecar\//,
];

/** Every story as a test in Chromium (axe at 'error', play functions), in one language. */
function storybookProject(name: string, locale: 'ja' | 'en'): TestProjectInlineConfiguration {
  return {
    extends: true,
    plugins: [storybookTest({ configDir: '.storybook' })],
    // Read by .storybook/preview.tsx: the locale global the story tests start with.
    define: { 'import.meta.env.VITE_ATZ_STORY_LOCALE': JSON.stringify(locale) },
    test: {
      name,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          launchOptions: {
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--disable-gpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  };
}

/**
 * The OpenTelemetry SDK the BFF's tracing tests install (devDependencies of packages/bff). Node
 * runs the tests with the `module` condition, under which `@opentelemetry/api` answers a build
 * for bundlers (extensionless imports) that Node cannot load when the SDK's CommonJS build
 * requires it. So the SDK is taken from its `module` builds and inlined: Vite resolves all of it.
 */
function openTelemetrySdkAliases() {
  const bffRequire = createRequire(fileURLToPath(new URL('./packages/bff/', import.meta.url)));
  const moduleEntry = (from: NodeJS.Require, name: string) => {
    const manifest = from.resolve(`${name}/package.json`);
    const { module } = JSON.parse(readFileSync(manifest, 'utf8')) as { module: string };
    return { name, dir: dirname(manifest), entry: join(dirname(manifest), module) };
  };
  const base = moduleEntry(bffRequire, '@opentelemetry/sdk-trace-base');
  const baseRequire = createRequire(join(base.dir, 'package.json'));
  const sdkTrace = moduleEntry(baseRequire, '@opentelemetry/sdk-trace');
  const sdkTraceRequire = createRequire(join(sdkTrace.dir, 'package.json'));
  return [
    base,
    sdkTrace,
    moduleEntry(sdkTraceRequire, '@opentelemetry/core'),
    moduleEntry(sdkTraceRequire, '@opentelemetry/resources'),
  ].map(({ name, entry }) => ({ find: new RegExp(`^${name}$`), replacement: entry }));
}

export default defineConfig({
  resolve: { conditions: [sourceCondition, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [sourceCondition, 'module', 'node', 'development|production'] } },
  test: {
    projects: [
      {
        extends: true,
        resolve: { alias: openTelemetrySdkAliases() },
        test: {
          name: 'node',
          environment: 'node',
          // Many tests start the emulator and a BFF and make dozens of real HTTP calls: 5 s is tight
          // on a loaded 2-core machine. Timing claims live in bench/, not here.
          testTimeout: 20_000,
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'apps/*/server/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['packages/react/**', '**/node_modules/**'],
          server: { deps: { inline: [/\/@opentelemetry\//] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['packages/react/**/*.test.{ts,tsx}', 'apps/demo/src/**/*.test.tsx'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          setupFiles: ['packages/react/test/setup.ts'],
          // Typing and clicking through whole screens with user-event: 5 s is tight on 2 loaded cores.
          testTimeout: 15_000,
          env: { ATZ_REACT_MAJOR: '19' },
        },
      },
      {
        extends: true,
        // `module` first: the ESM entry of a package without `exports` goes through the aliases.
        resolve: { alias: react18Aliases, mainFields: ['module', 'main'] },
        test: {
          name: 'jsdom-react18',
          environment: 'jsdom',
          include: ['packages/react/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          setupFiles: ['packages/react/test/setup.ts'],
          testTimeout: 15_000,
          env: { ATZ_REACT_MAJOR: '18' },
          server: { deps: { inline: reactImportingPackages } },
        },
      },
      storybookProject('storybook', 'ja'),
      // The same stories in English: roles, names and play functions must hold in both languages.
      storybookProject('storybook-en', 'en'),
    ],
  },
});
