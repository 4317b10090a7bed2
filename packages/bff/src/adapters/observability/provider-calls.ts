import { AsyncLocalStorage } from 'node:async_hooks';
import type { Provider } from '@ats-zoom/contract';
import type { LogPort } from '../../core/ports';
import { type ProviderDescriptor, providerDescriptors } from '../../core/providers';
import { DomainError, describeError, HostOutcomeUnknownError } from '../../core/shared/errors';
import { requestLogFields } from './log-context';
import { loadOpenTelemetry, tracerName } from './tracing';

/**
 * How a call to a provider ended, from the error the adapter threw (vendor-neutral, a fixed
 * set: safe as a metric label).
 */
export const providerCallOutcomes = [
  'ok',
  'rate_limited',
  'quota_exceeded',
  'unavailable',
  'outcome_unknown',
  'auth_rejected',
  'forbidden',
  'not_found',
  'conflict',
  'failed',
] as const;
export type ProviderCallOutcome = (typeof providerCallOutcomes)[number];

export interface ProviderCallRecord {
  provider: Provider;
  /** e.g. `meetings.create`, `oauth.refresh`, `calendar.freebusy`. */
  operation: string;
  outcome: ProviderCallOutcome;
  seconds: number;
}

/** Where finished provider calls are counted (the metrics, when configured). */
export interface ProviderCallSink {
  providerCall(record: ProviderCallRecord): void;
}

export interface ProviderObservation {
  logger: LogPort;
  sink?: ProviderCallSink | undefined;
}

/** Problem codes of the adapters' errors, by outcome. */
const outcomeByCode: Record<string, ProviderCallOutcome> = {
  provider_rate_limited: 'rate_limited',
  calendar_rate_limited: 'rate_limited',
  provider_daily_quota: 'quota_exceeded',
  calendar_quota_exceeded: 'quota_exceeded',
  provider_unavailable: 'unavailable',
  calendar_unavailable: 'unavailable',
  needs_reauth: 'auth_rejected',
  calendar_needs_reauth: 'auth_rejected',
  calendar_forbidden: 'forbidden',
  admin_consent_required: 'forbidden',
  provider_meeting_missing: 'not_found',
};

export function providerCallOutcome(error: unknown): ProviderCallOutcome {
  if (error instanceof HostOutcomeUnknownError) return 'outcome_unknown';
  if (error instanceof DomainError) return outcomeByCode[error.code] ?? 'failed';
  // The calendar adapters' control-flow errors: an event gone (404/410) or its id taken (409).
  const name = error instanceof Error ? error.name : '';
  if (name.endsWith('EventGoneError')) return 'not_found';
  if (name.endsWith('EventExistsError')) return 'conflict';
  return 'failed';
}

/** Outcomes that are part of normal work (a gone event, a taken id): logged as info. */
const expectedOutcomes = new Set<ProviderCallOutcome>(['not_found', 'conflict']);

interface CallScope {
  provider: Provider;
  /** The provider's request ids of every attempt of this call, newest last (at most 5). */
  providerRequestIds: string[];
}

const calls = new AsyncLocalStorage<CallScope>();

/** The response header naming the provider's own id of a request (in its descriptor). */
function requestIdHeaderOf(provider: Provider): string | undefined {
  const descriptor: ProviderDescriptor = providerDescriptors[provider];
  return descriptor.requestIdHeader;
}

/** A header value fit for a log line: printable ASCII, at most 200 characters. */
function cleanId(value: string | null): string | undefined {
  if (!value) return undefined;
  const text = value.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
  return text === '' ? undefined : text;
}

/**
 * The fetch the provider adapters use: unchanged, but within an instrumented call it notes the
 * provider's request id of each answer (the header its descriptor names: Zoom's tracking id,
 * Graph's request id), so a failed call's log line can name it. The function is looked up at each call (`fetch()`), so a
 * fetch replaced later (tests, interceptors) is used.
 */
export function observingFetch(fetchFn: () => typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn()(input, init);
    const call = calls.getStore();
    const header = call ? requestIdHeaderOf(call.provider) : undefined;
    if (call && header) {
      const id = cleanId(response.headers.get(header));
      if (id !== undefined) {
        call.providerRequestIds.push(id);
        if (call.providerRequestIds.length > 5) call.providerRequestIds.shift();
      }
    }
    return response;
  };
}

/**
 * Runs one provider call: timed and counted by outcome, inside an OpenTelemetry span
 * `<provider> <operation>` when the host app installed OpenTelemetry, and logged when it
 * fails, with the request id, tenant and the provider's request id. Never logs arguments or
 * answers (they hold tokens).
 */
export async function observeProviderCall<T>(
  observation: ProviderObservation,
  provider: Provider,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  const otel = await loadOpenTelemetry();
  const scope: CallScope = { provider, providerRequestIds: [] };
  const started = performance.now();

  const finish = (outcome: ProviderCallOutcome, error?: unknown) => {
    observation.sink?.providerCall({
      provider,
      operation,
      outcome,
      seconds: (performance.now() - started) / 1000,
    });
    if (outcome === 'ok') return;
    const providerRequestId = scope.providerRequestIds.at(-1);
    const details = {
      ...requestLogFields(),
      provider,
      operation,
      outcome,
      ...(providerRequestId === undefined ? {} : { providerRequestId }),
      ...(scope.providerRequestIds.length > 1
        ? { providerRequestIds: [...scope.providerRequestIds] }
        : {}),
      error: describeError(error),
    };
    const message = `${provider} ${operation} failed`;
    if (expectedOutcomes.has(outcome)) observation.logger.info(details, message);
    else observation.logger.warn(details, message);
  };

  const execute = async (): Promise<T> => {
    try {
      const result = await calls.run(scope, run);
      finish('ok');
      return result;
    } catch (error) {
      finish(providerCallOutcome(error), error);
      throw error;
    }
  };

  if (!otel) return execute();
  const { trace, SpanKind, SpanStatusCode } = otel;
  return trace.getTracer(tracerName).startActiveSpan(
    `${provider} ${operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'ats_zoom.provider': provider, 'ats_zoom.operation': operation },
    },
    async (span) => {
      try {
        const result = await execute();
        span.setAttribute('ats_zoom.outcome', 'ok');
        return result;
      } catch (error) {
        const outcome = providerCallOutcome(error);
        span.setAttribute('ats_zoom.outcome', outcome);
        // Our own error class and problem code only: never an upstream body or a token.
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof DomainError ? error.code : outcome,
        });
        throw error;
      } finally {
        const providerRequestId = scope.providerRequestIds.at(-1);
        if (providerRequestId !== undefined) {
          span.setAttribute('ats_zoom.provider_request_id', providerRequestId);
        }
        span.end();
      }
    },
  );
}

/**
 * The port with each method named in `operations` observed as that operation (the others,
 * such as building a consent URL, make no call and are left as they are).
 */
export function instrumentPort<T extends object>(
  port: T,
  provider: Provider,
  operations: { [K in keyof T]?: string },
  observation: ProviderObservation,
): T {
  const methods = port as Record<string, unknown>;
  const wrapped: Record<string, unknown> = { ...methods };
  for (const [method, operation] of Object.entries(operations)) {
    const original = methods[method];
    if (typeof original !== 'function' || typeof operation !== 'string') continue;
    wrapped[method] = (...args: unknown[]) =>
      observeProviderCall(observation, provider, operation, () =>
        Promise.resolve(original.apply(port, args)),
      );
  }
  return wrapped as T;
}

/**
 * Operation names of each port's calls, by role port (span names are `<provider> <operation>`).
 * `outlookCalendar` names the Microsoft adapter's own calendar port (its method names).
 */
export const providerOperations = {
  meetingHost: {
    getHostSettings: 'users.settings',
    createMeeting: 'meetings.create',
    getMeeting: 'meetings.get',
    updateMeeting: 'meetings.update',
    deleteMeeting: 'meetings.delete',
    listMeetings: 'meetings.list',
  },
  meetingHostUsers: { getMe: 'users.me' },
  oauth: { exchangeCode: 'oauth.exchange_code', refresh: 'oauth.refresh', revoke: 'oauth.revoke' },
  calendar: {
    insertEvent: 'calendar.events.insert',
    getEvent: 'calendar.events.get',
    patchEvent: 'calendar.events.patch',
    deleteEvent: 'calendar.events.delete',
    freeBusy: 'calendar.freebusy',
  },
  outlookCalendar: {
    createEvent: 'calendar.events.create',
    getEvent: 'calendar.events.get',
    patchEvent: 'calendar.events.patch',
    deleteEvent: 'calendar.events.delete',
    busy: 'calendar.schedule',
  },
} as const;
