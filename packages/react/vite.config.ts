import react from '@vitejs/plugin-react';
import { defineConfig, mergeConfig } from 'vite';
import { libraryConfig } from '../../vite.lib';

// One entry per language, so a host bundles only the catalogue it imports. styles.css and
// intl/*.json are exported straight from src (see package.json `exports`). One output module per
// source module: a host that imports one component skips the modules it does not use whole
// (`sideEffects` lists only the CSS), their imports too, such as Radix Select outside the picker.
export default defineConfig(
  mergeConfig(
    libraryConfig(
      import.meta.dirname,
      {
        index: 'src/index.ts',
        'locales/ja': 'src/locales/ja.ts',
        'locales/en': 'src/locales/en.ts',
      },
      { plugins: [react()] },
    ),
    {
      build: { rolldownOptions: { output: { preserveModules: true, preserveModulesRoot: 'src' } } },
    },
  ),
);
