import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line about work done for an HTTP request names: the request, and its tenant. */
export interface RequestLogContext {
  requestId: string;
  /** Set once the host token is verified. */
  tenantId?: string;
}

const requests = new AsyncLocalStorage<RequestLogContext>();

/** Runs `work` (and everything it starts) as part of the request `context`. */
export function runInRequest<T>(context: RequestLogContext, work: () => T): T {
  return requests.run(context, work);
}

/** The request the current code runs for; undefined in background work (the outbox loop). */
export function currentRequest(): RequestLogContext | undefined {
  return requests.getStore();
}

/** The request's fields for a log line: `{ requestId, tenantId }` as far as known. */
export function requestLogFields(): { requestId?: string; tenantId?: string } {
  const context = requests.getStore();
  if (!context) return {};
  return context.tenantId === undefined
    ? { requestId: context.requestId }
    : { requestId: context.requestId, tenantId: context.tenantId };
}

interface FieldLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * The logger with the current request's `requestId` and `tenantId` added to every line written
 * during a request (fields the caller sets win), so the domain's log lines name their request.
 */
export function withRequestFields<L extends FieldLogger>(logger: L): FieldLogger {
  const fields = (details: object) => {
    const context = requests.getStore();
    return context ? { ...requestLogFields(), ...details } : details;
  };
  return {
    info: (details, message) => logger.info(fields(details), message),
    warn: (details, message) => logger.warn(fields(details), message),
    error: (details, message) => logger.error(fields(details), message),
  };
}
