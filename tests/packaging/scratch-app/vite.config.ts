import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A React app's Vite config as `npm create vite` writes it. `src/main.tsx` and
// `src/mocks/browser.ts` come from packages/msw/README.md (the test writes them).
export default defineConfig({ plugins: [react()] });
