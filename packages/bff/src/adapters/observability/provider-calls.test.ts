import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderCallRecord } from './provider-calls';

afterEach(() => {
  vi.doUnmock('@opentelemetry/api');
  vi.resetModules();
});

describe('provider calls without @opentelemetry/api installed', () => {
  it('run, are counted and logged as usual when the optional peer cannot be imported', async () => {
    vi.resetModules();
    vi.doMock('@opentelemetry/api', () => {
      throw new Error("Cannot find package '@opentelemetry/api'");
    });
    const { loadOpenTelemetry } = await import('./tracing');
    expect(await loadOpenTelemetry()).toBeUndefined();

    const { observeProviderCall } = await import('./provider-calls');
    const { ProviderRateLimitedError } = await import('../../core/shared/errors');
    const records: ProviderCallRecord[] = [];
    const warnings: object[] = [];
    const observation = {
      logger: { info() {}, warn: (details: object) => void warnings.push(details), error() {} },
      sink: { providerCall: (record: ProviderCallRecord) => void records.push(record) },
    };
    await expect(
      observeProviderCall(observation, 'zoom', 'meetings.get', async () => 'answer'),
    ).resolves.toBe('answer');
    const refused = new ProviderRateLimitedError(5);
    await expect(
      observeProviderCall(observation, 'zoom', 'meetings.create', async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(records.map(({ operation, outcome }) => [operation, outcome])).toEqual([
      ['meetings.get', 'ok'],
      ['meetings.create', 'rate_limited'],
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({
        provider: 'zoom',
        operation: 'meetings.create',
        outcome: 'rate_limited',
      }),
    ]);
  });
});
