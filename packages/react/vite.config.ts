import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib';

// One entry per language, so a host bundles only the catalogue it imports. styles.css and
// intl/*.json are exported straight from src (see package.json `exports`).
export default defineConfig(
  libraryConfig(
    import.meta.dirname,
    { index: 'src/index.ts', 'locales/ja': 'src/locales/ja.ts', 'locales/en': 'src/locales/en.ts' },
    { plugins: [react()] },
  ),
);
