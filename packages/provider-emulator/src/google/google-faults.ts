import type { RequestHandler } from 'express';
import { type GoogleApiError, injectedError } from './google-errors';
import type { GoogleFaultScope, GoogleInjectableReason } from './google-types';

type Matcher = (method: string, path: string) => boolean;

type Fault =
  | { kind: 'latency'; ms: number; match: Matcher; key: string }
  | { kind: 'error'; remaining: number; make: () => GoogleApiError; label: string; match: Matcher }
  | { kind: 'drop'; remaining: number; match: Matcher };

/** `*` is one path segment; a trailing `/**` also matches the folder itself. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\/\*\*|\*)/)
    .map((part) => {
      if (part === '/**') return '(?:/.*)?';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

// Our own pages never fail: a person must be able to turn faults off again.
const UNFAULTED = ['/google/admin', '/google/calendar-view'];

function toMatcher(scope: GoogleFaultScope = {}): Matcher {
  const patterns = [scope.path ?? '/google/**'].flat().map(globToRegExp);
  const method = scope.method?.toUpperCase();
  return (m, path) =>
    (method === undefined || method === m) &&
    !UNFAULTED.some((prefix) => path.startsWith(prefix)) &&
    patterns.some((p) => p.test(path));
}

function scopeKey(scope: GoogleFaultScope = {}): string {
  return JSON.stringify([scope.method?.toUpperCase() ?? '*', [scope.path ?? '/google/**'].flat()]);
}

const ENDPOINT_TEMPLATES: { pattern: RegExp; template: string }[] = [
  {
    pattern: /^\/calendar\/v3\/calendars\/[^/]+\/events\/[^/]+$/,
    template: '/calendar/v3/calendars/{calendarId}/events/{eventId}',
  },
  {
    pattern: /^\/calendar\/v3\/calendars\/[^/]+\/events$/,
    template: '/calendar/v3/calendars/{calendarId}/events',
  },
  { pattern: /^\/calendar\/v3\/freeBusy$/, template: '' },
  { pattern: /^\/(token|revoke|o\/oauth2\/v2\/auth|oauth2\/v3\/userinfo)$/, template: '' },
];

function endpointKey(method: string, path: string): string | undefined {
  const match = ENDPOINT_TEMPLATES.find(({ pattern }) => pattern.test(path));
  return match ? `${method} ${match.template || path}` : undefined;
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
}

/** OAuth endpoints answer in OAuth's shape, not the API envelope. */
function isOAuthPath(path: string): boolean {
  return path === '/google/token' || path === '/google/revoke';
}

/**
 * Injected faults in the order a request meets them: latency, then an injected error before
 * the handler runs, or a drop after the handler committed its work.
 */
export class GoogleFaults {
  private faults: Fault[] = [];
  private readonly endpointCounts = new Map<string, number>();

  injectLatency(ms: number, scope?: GoogleFaultScope): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be a non-negative number');
    const key = scopeKey(scope);
    this.faults = this.faults.filter((f) => !(f.kind === 'latency' && f.key === key));
    if (ms > 0) this.faults.push({ kind: 'latency', ms, match: toMatcher(scope), key });
  }

  rateLimitNext(count: number, status: 403 | 429 = 403, scope?: GoogleFaultScope): void {
    if (status !== 403 && status !== 429) throw new Error('rateLimitNext takes 403 or 429');
    this.pushError(count, () => injectedError('rateLimitExceeded', status), scope);
  }

  errorNext(count: number, reason: GoogleInjectableReason, scope?: GoogleFaultScope): void {
    this.pushError(count, () => injectedError(reason), scope);
  }

  failNext(count: number, status = 503, scope?: GoogleFaultScope): void {
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new Error(`failNext takes a 5xx status, not ${status}`);
    }
    this.pushError(count, () => injectedError('backendError', status), scope);
  }

  dropNext(count: number, scope?: GoogleFaultScope): void {
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
        case 'error':
          return `next ${f.remaining} answer(s) ${f.label}`;
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

  /** Mounted at the top of the `/google` router. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const path = req.originalUrl.split('?')[0] ?? '';
      const key = endpointKey(req.method, req.path);
      if (key) this.endpointCounts.set(key, (this.endpointCounts.get(key) ?? 0) + 1);
      const matching = this.faults.filter((f) => f.match(req.method, path));
      const latency = Math.max(0, ...matching.map((f) => (f.kind === 'latency' ? f.ms : 0)));
      const proceed = () => {
        const failure = this.take(matching, 'error');
        if (failure?.kind === 'error') {
          const error = failure.make();
          if (isOAuthPath(path)) {
            res
              .status(error.code)
              .json({ error: 'internal_failure', error_description: error.message });
          } else {
            res.status(error.code).json(error.body());
          }
          return;
        }
        if (this.take(matching, 'drop')) {
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

  private pushError(count: number, make: () => GoogleApiError, scope?: GoogleFaultScope): void {
    assertCount(count);
    const sample = make();
    this.faults.push({
      kind: 'error',
      remaining: count,
      make,
      label: `${sample.code} ${sample.reason}`,
      match: toMatcher(scope),
    });
  }

  private take(candidates: Fault[], kind: 'error' | 'drop'): Fault | undefined {
    const fault = candidates.find(
      (f) => f.kind === kind && f.remaining > 0 && this.faults.includes(f),
    );
    if (fault && fault.kind !== 'latency') {
      fault.remaining--;
      if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }
}
