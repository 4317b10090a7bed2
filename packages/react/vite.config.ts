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
        // The interview page's meeting link (ZoomMeetingLink) and its texts: entries of their
        // own, so that the scheduling page ships none of them.
        'meeting-link': 'src/meeting-link.ts',
        'meeting-link/locales/ja': 'src/meeting-link/locales/ja.ts',
        'meeting-link/locales/en': 'src/meeting-link/locales/en.ts',
        // Outlook's link button and its texts: entries of their own, so that a page without
        // Outlook ships none of it.
        outlook: 'src/outlook.ts',
        'outlook/locales/ja': 'src/outlook/locales/ja.ts',
        'outlook/locales/en': 'src/outlook/locales/en.ts',
      },
      { plugins: [react()] },
    ),
    {
      build: { rolldownOptions: { output: { preserveModules: true, preserveModulesRoot: 'src' } } },
    },
  ),
);
