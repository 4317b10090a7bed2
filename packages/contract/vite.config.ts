import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib';

export default defineConfig(
  libraryConfig(import.meta.dirname, { index: 'src/index.ts', core: 'src/core.ts' }),
);
