import { defineConfig } from '@playwright/test';
import { e2ePorts } from './e2e/stack';

const demoPort = e2ePorts.demo;
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${demoPort}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  webServer: {
    command: 'tsx --conditions=@ats-zoom/source scripts/dev.ts',
    url: `http://localhost:${demoPort}/host-api/config`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      DEMO_PORT: String(demoPort),
      BFF_PORT: String(e2ePorts.bff),
      EMULATOR_PORT: String(e2ePorts.emulator),
      DATABASE_URL: ':memory:',
      LOG_LEVEL: 'warn',
      ZOOM_CLIENT_ID: '',
      ZOOM_CLIENT_SECRET: '',
    },
  },
});
