import type { RequestHandler } from 'express';
import type { ZoomFaultScope, ZoomRateLimitLabel, ZoomRateLimits } from './zoom-types';

type Fault =
  | { kind: 'latency'; ms: number; match: Matcher; key: string }
  | { kind: 'rate_limit'; remaining: number; retryAfterSeconds: number; match: Matcher }
  | { kind: 'server_error'; remaining: number; status: number; match: Matcher }
  | { kind: 'drop'; remaining: number; match: Matcher };

type Matcher = (method: string, path: string) => boolean;

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*|\*)/)
    .map((part) => {
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

function toMatcher(scope: ZoomFaultScope = {}): Matcher {
  const globs = scope.path === undefined ? ['/zoom/**'] : [scope.path].flat();
  const patterns = globs.map(globToRegExp);
  const method = scope.method?.toUpperCase();
  return (m, path) =>
    (method === undefined || method === m) &&
    !path.startsWith('/zoom/admin') &&
    patterns.some((p) => p.test(path));
}

function scopeKey(scope: ZoomFaultScope = {}): string {
  return JSON.stringify([scope.method?.toUpperCase() ?? '*', [scope.path ?? '/zoom/**'].flat()]);
}

const ENDPOINT_TEMPLATES: { pattern: RegExp; template: string }[] = [
  { pattern: /^\/v2\/users\/[^/]+\/settings$/, template: '/v2/users/{userId}/settings' },
  { pattern: /^\/v2\/users\/[^/]+\/meetings$/, template: '/v2/users/{userId}/meetings' },
  { pattern: /^\/v2\/users\/[^/]+$/, template: '/v2/users/{userId}' },
  { pattern: /^\/v2\/meetings\/[^/]+$/, template: '/v2/meetings/{meetingId}' },
  { pattern: /^\/oauth\/(authorize|token|revoke)$/, template: '' },
];

/** `METHOD /template` for the endpoints the emulator serves (path relative to `/zoom`). */
export function endpointKey(method: string, path: string): string | undefined {
  for (const { pattern, template } of ENDPOINT_TEMPLATES) {
    if (pattern.test(path)) return `${method} ${template || path}`;
  }
  return undefined;
}

/** Rate-limit label of each endpoint (research §8). */
export const ENDPOINT_LABELS: Record<string, ZoomRateLimitLabel> = {
  'GET /v2/users/{userId}': 'Light',
  'GET /v2/users/{userId}/settings': 'Medium',
  'POST /v2/users/{userId}/meetings': 'Medium',
  'GET /v2/users/{userId}/meetings': 'Medium',
  'GET /v2/meetings/{meetingId}': 'Light',
  'PATCH /v2/meetings/{meetingId}': 'Light',
  'DELETE /v2/meetings/{meetingId}': 'Light',
};

/** Zoom's per-second 429 body (research §8). */
export const QPS_MESSAGE =
  'You have reached the maximum per-second rate limit for this API. Try again later.';

/**
 * Injected faults, in the order a request meets them: latency, then an injected 429 or 5xx
 * before the handler runs, or a drop after the handler committed its work.
 */
export class ZoomFaults {
  private faults: Fault[] = [];
  private readonly endpointCounts = new Map<string, number>();

  injectLatency(ms: number, scope?: ZoomFaultScope): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be a non-negative number');
    const key = scopeKey(scope);
    this.faults = this.faults.filter((f) => !(f.kind === 'latency' && f.key === key));
    if (ms > 0) this.faults.push({ kind: 'latency', ms, match: toMatcher(scope), key });
  }

  rateLimitNext(count: number, retryAfterSeconds = 1, scope?: ZoomFaultScope): void {
    assertCount(count);
    this.faults.push({
      kind: 'rate_limit',
      remaining: count,
      retryAfterSeconds,
      match: toMatcher(scope),
    });
  }

  failNext(count: number, status = 500, scope?: ZoomFaultScope): void {
    assertCount(count);
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new Error(`failNext takes a 5xx status, not ${status}`);
    }
    this.faults.push({ kind: 'server_error', remaining: count, status, match: toMatcher(scope) });
  }

  dropNext(count: number, scope?: ZoomFaultScope): void {
    assertCount(count);
    this.faults.push({ kind: 'drop', remaining: count, match: toMatcher(scope) });
  }

  reset(): void {
    this.faults = [];
  }

  describe(): string[] {
    return this.faults.map((f) => {
      switch (f.kind) {
        case 'latency':
          return `latency ${f.ms} ms on ${f.key}`;
        case 'rate_limit':
          return `next ${f.remaining} answer(s) 429, Retry-After ${f.retryAfterSeconds} s`;
        case 'server_error':
          return `next ${f.remaining} answer(s) ${f.status}`;
        case 'drop':
          return `next ${f.remaining} answer(s) dropped after commit`;
        default:
          return f satisfies never;
      }
    });
  }

  endpointStats(): Record<string, number> {
    return Object.fromEntries(this.endpointCounts);
  }

  /** Mounted at the top of the `/zoom` router. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const path = req.originalUrl.split('?')[0] ?? '';
      const key = endpointKey(req.method, req.path);
      if (key) this.endpointCounts.set(key, (this.endpointCounts.get(key) ?? 0) + 1);
      const matching = this.faults.filter((f) => f.match(req.method, path));
      const latency = Math.max(0, ...matching.map((f) => (f.kind === 'latency' ? f.ms : 0)));
      const proceed = () => {
        const failure = this.take(
          matching,
          (f) => f.kind === 'rate_limit' || f.kind === 'server_error',
        );
        if (failure?.kind === 'rate_limit') {
          const label = key ? ENDPOINT_LABELS[key] : undefined;
          res
            .status(429)
            .set({
              ...(label ? { 'X-RateLimit-Category': label } : {}),
              'Retry-After': String(failure.retryAfterSeconds),
              'X-RateLimit-Type': 'QPS',
            })
            .json({ code: 429, message: QPS_MESSAGE });
          return;
        }
        if (failure?.kind === 'server_error') {
          res.status(failure.status).json({
            code: failure.status,
            message: 'The service is temporarily unavailable. Please try again later.',
          });
          return;
        }
        if (this.take(matching, (f) => f.kind === 'drop')) {
          // The handler runs and commits; the answer never leaves the machine.
          res.end = (() => {
            req.socket.destroy();
            return res;
          }) as typeof res.end;
        }
        next();
      };
      if (latency > 0) setTimeout(proceed, latency);
      else proceed();
    };
  }

  private take(candidates: Fault[], wanted: (f: Fault) => boolean): Fault | undefined {
    const fault = candidates.find(
      (f) => wanted(f) && 'remaining' in f && f.remaining > 0 && this.faults.includes(f),
    );
    if (fault && 'remaining' in fault) {
      fault.remaining--;
      if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
}

/** Per-account, per-label requests-per-second counters on the injected clock. */
export class ZoomRateLimiter {
  private limits: ZoomRateLimits;
  private readonly windows = new Map<string, { second: number; count: number }>();

  constructor(
    limits: ZoomRateLimits,
    private readonly now: () => number,
  ) {
    this.limits = { ...limits };
  }

  setLimits(limits: ZoomRateLimits): void {
    this.limits = { ...limits };
    this.windows.clear();
  }

  /** Counts the request; answers the headers to send and whether it is over the limit. */
  hit(
    accountId: string,
    label: ZoomRateLimitLabel,
  ): { limited: boolean; headers: Record<string, string> } {
    const limit = this.limits[label];
    const headers: Record<string, string> = { 'X-RateLimit-Category': label };
    if (limit === undefined) return { limited: false, headers };
    const nowMs = this.now();
    const second = Math.floor(nowMs / 1000);
    const key = `${accountId}:${label}`;
    const window = this.windows.get(key);
    const current = window && window.second === second ? window : { second, count: 0 };
    this.windows.set(key, current);
    headers['X-RateLimit-Type'] = 'QPS';
    headers['X-RateLimit-Limit'] = String(limit);
    if (current.count >= limit) {
      headers['X-RateLimit-Remaining'] = '0';
      headers['X-RateLimit-Reset'] = String(second + 1);
      headers['Retry-After'] = String(Math.max(1, Math.ceil(((second + 1) * 1000 - nowMs) / 1000)));
      return { limited: true, headers };
    }
    current.count++;
    headers['X-RateLimit-Remaining'] = String(limit - current.count);
    return { limited: false, headers };
  }
}
