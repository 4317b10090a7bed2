import type { Response } from 'express';
import { assertCount, RequestFaults, templatedEndpointKey } from '../shared/request-faults';
import type { ZoomFaultScope, ZoomRateLimitLabel, ZoomRateLimits } from './zoom-types';

type ZoomFailure =
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'server_error'; status: number };

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

const ENDPOINT_TEMPLATES: { pattern: RegExp; template: string }[] = [
  { pattern: /^\/v2\/users\/[^/]+\/settings$/, template: '/v2/users/{userId}/settings' },
  { pattern: /^\/v2\/users\/[^/]+\/meetings$/, template: '/v2/users/{userId}/meetings' },
  { pattern: /^\/v2\/users\/[^/]+$/, template: '/v2/users/{userId}' },
  { pattern: /^\/v2\/meetings\/[^/]+$/, template: '/v2/meetings/{meetingId}' },
  { pattern: /^\/oauth\/(authorize|token|revoke)$/, template: '' },
];

/** `METHOD /template` for the endpoints the emulator serves (path relative to `/zoom`). */
export function endpointKey(method: string, path: string): string | undefined {
  return templatedEndpointKey(ENDPOINT_TEMPLATES, method, path);
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
export class ZoomFaults extends RequestFaults<ZoomFailure> {
  constructor() {
    super({
      prefix: '/zoom',
      defaultPath: '/zoom/**',
      unfaulted: ['/zoom/admin'],
      globToRegExp,
      endpointKey,
    });
  }

  rateLimitNext(count: number, retryAfterSeconds = 1, scope?: ZoomFaultScope): void {
    this.queueFailure(count, { kind: 'rate_limit', retryAfterSeconds }, scope);
  }

  failNext(count: number, status = 500, scope?: ZoomFaultScope): void {
    assertCount(count);
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new Error(`failNext takes a 5xx status, not ${status}`);
    }
    this.queueFailure(count, { kind: 'server_error', status }, scope);
  }

  protected describeFailure(failure: ZoomFailure): string {
    return failure.kind === 'rate_limit'
      ? `429, Retry-After ${failure.retryAfterSeconds} s`
      : String(failure.status);
  }

  protected sendFailure(
    failure: ZoomFailure,
    { res, endpointKey: key }: { res: Response; endpointKey: string | undefined },
  ): void {
    if (failure.kind === 'rate_limit') {
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
    res.status(failure.status).json({
      code: failure.status,
      message: 'The service is temporarily unavailable. Please try again later.',
    });
  }
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
