import type { StorybookConfig } from '@storybook/react-vite';
import remarkGfm from 'remark-gfm';
import { defaultClientConditions } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  // MDX pages: one next to each component, plus the general ones (Introduction, Embedding).
  stories: [
    './docs/*.mdx',
    '../packages/react/src/**/*.mdx',
    '../packages/react/src/**/*.stories.tsx',
  ],
  addons: [
    {
      name: '@storybook/addon-docs',
      // GitHub-flavoured Markdown: the MDX pages' state and token tables.
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    '@storybook/addon-vitest',
    '@storybook/addon-a11y',
  ],
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
