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
