import { startDemoStack } from './demo-stack';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const stack = await startDemoStack({
  demoPort: port('DEMO_PORT', 5173),
  bffPort: port('BFF_PORT', 4000),
  emulatorPort: port('EMULATOR_PORT', 4010),
  databaseUrl: process.env.DATABASE_URL,
  logLevel: process.env.LOG_LEVEL,
  env: process.env,
});

console.log(`
  ats-zoom demo is running
  Demo (mock ATS):   ${stack.demoUrl}
  BFF:               ${stack.bffUrl}
  ${stack.emulated.zoom ? `Zoom emulator:     ${stack.emulatorUrl}/zoom/admin (admin page)` : 'Zoom:              real Zoom (ZOOM_CLIENT_ID is set)'}
  ${stack.emulated.google ? `Google emulator:   ${stack.emulatorUrl}/google/admin (admin page), ${stack.emulatorUrl}/google/calendar-view` : 'Google:            real Google (GOOGLE_CLIENT_ID is set)'}
  ${stack.emulated.microsoft ? `Outlook emulator:  ${stack.emulatorUrl}/microsoft/admin (admin consent, faults), ${stack.emulatorUrl}/microsoft/calendar-view` : 'Outlook:           real Microsoft 365 (MICROSOFT_CLIENT_ID is set)'}
`);

const stop = () => {
  stack.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
