import { type RunningProviderEmulator, startProviderEmulator } from '@ats-zoom/provider-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { OutlookAccessTokenRejectedError } from '../src/adapters/microsoft/microsoft-errors';
import { createOutlookCalendarClient } from '../src/adapters/microsoft/outlook-calendar-client';
import {
  instrumentPort,
  observingFetch,
  type ProviderCallRecord,
  providerOperations,
} from '../src/adapters/observability/provider-calls';

let emulator: RunningProviderEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('provider request ids of Microsoft Graph', () => {
  it('a refused Outlook call is logged with Graph’s request-id of the answer that refused it, and counted auth_rejected', async () => {
    emulator = await startProviderEmulator({
      port: 0,
      zoom: {
        clients: [{ clientId: 'c', clientSecret: 's', redirectUris: ['http://127.0.0.1/cb'] }],
      },
    });
    const graphRequestIds: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const id = response.headers.get('request-id');
      if (id) graphRequestIds.push(id);
      return response;
    };
    const lines: { level: string; details: Record<string, unknown>; message: string }[] = [];
    const log = (level: string) => (details: object, message: string) =>
      void lines.push({ level, details: details as Record<string, unknown>, message });
    const records: ProviderCallRecord[] = [];
    const outlook = instrumentPort(
      createOutlookCalendarClient({
        graphBaseUrl: `${emulator.url}${emulator.microsoft.paths.graphBase}`,
        fetch: observingFetch(() => recording),
      }),
      'outlook',
      providerOperations.outlookCalendar,
      {
        logger: { info: log('info'), warn: log('warn'), error: log('error') },
        sink: { providerCall: (record) => void records.push(record) },
      },
    );

    const token = 'not-a-graph-token-SENTINEL';
    await expect(outlook.getEvent(token, 'AAMkAGI2-missing')).rejects.toBeInstanceOf(
      OutlookAccessTokenRejectedError,
    );
    expect(graphRequestIds.length).toBeGreaterThanOrEqual(1);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'outlook calendar.events.get failed',
        details: expect.objectContaining({
          provider: 'outlook',
          operation: 'calendar.events.get',
          outcome: 'auth_rejected',
          providerRequestId: graphRequestIds.at(-1),
        }),
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(
      records.map(({ provider, operation, outcome }) => [provider, operation, outcome]),
    ).toEqual([['outlook', 'calendar.events.get', 'auth_rejected']]);
  });
});
