import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../packages/react/src/**/*.stories.tsx'],
  addons: ['@storybook/addon-vitest', '@storybook/addon-a11y'],
  // Holds the MSW worker script (`pnpm exec msw init .storybook/public --save`).
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    // In-repo packages are read from source, like in the tests.
    viteConfig.resolve ??= {};
    viteConfig.resolve.conditions = ['@ats-zoom/source', ...defaultClientConditions];
    return viteConfig;
  },
};

export default config;
