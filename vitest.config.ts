import { defineConfig } from 'vitest/config';

// In-repo packages resolve each other from source through this export condition.
const sourceCondition = '@ats-zoom/source';

export default defineConfig({
  resolve: { conditions: [sourceCondition, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [sourceCondition, 'module', 'node', 'development|production'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
          ],
          exclude: ['packages/react/**', '**/node_modules/**'],
        },
      },
    ],
  },
});
