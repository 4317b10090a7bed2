import { defineConfig } from 'vite';
import { libraryConfig } from '../../vite.lib';

export default defineConfig(
  libraryConfig(import.meta.dirname, {
    index: 'src/index.ts',
    'server/index': 'src/server/index.ts',
    'bin/ats-zoom-bff': 'src/bin/ats-zoom-bff.ts',
  }),
);
