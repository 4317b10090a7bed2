/**
 * Where the journeys' stack listens. Apart from `pnpm dev`'s ports so a running demo does not
 * collide; overridable so two runs on one machine do not either.
 */
export const e2ePorts = {
  demo: Number(process.env.E2E_DEMO_PORT ?? 5273),
  bff: Number(process.env.E2E_BFF_PORT ?? 4100),
  emulator: Number(process.env.E2E_EMULATOR_PORT ?? 4110),
};

export const emulatorAdminUrl = `http://localhost:${e2ePorts.emulator}/zoom/admin`;

export const emulatorGoogleCalendarUrl = `http://localhost:${e2ePorts.emulator}/google/calendar-view`;

export const emulatorOutlookCalendarUrl = `http://localhost:${e2ePorts.emulator}/microsoft/calendar-view`;

export const emulatorMicrosoftAdminUrl = `http://localhost:${e2ePorts.emulator}/microsoft/admin`;
