import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib';

// styles.css and intl/*.json are exported straight from src (see package.json `exports`).
export default defineConfig(
  libraryConfig(import.meta.dirname, { index: 'src/index.ts' }, { plugins: [react()] }),
);
