import type { Response } from 'express';
import { assertCount, RequestFaults, templatedEndpointKey } from '../shared/request-faults';
import { type GoogleApiError, injectedError } from './google-errors';
import type { GoogleFaultScope, GoogleInjectableReason } from './google-types';

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
  {
    pattern: /^\/(token|revoke|o\/oauth2\/v2\/auth|oauth2\/v3\/userinfo|oauth2\/v[13]\/certs)$/,
    template: '',
  },
];

/** OAuth endpoints answer in OAuth's shape, not the API envelope. */
function isOAuthPath(path: string): boolean {
  return path === '/google/token' || path === '/google/revoke';
}

interface GoogleFailure {
  make: () => GoogleApiError;
  label: string;
}

/**
 * Injected faults in the order a request meets them: latency, then an injected error before
 * the handler runs, or a drop after the handler committed its work.
 */
export class GoogleFaults extends RequestFaults<GoogleFailure> {
  constructor() {
    super({
      prefix: '/google',
      defaultPath: '/google/**',
      // Our own pages never fail: a person must be able to turn faults off again.
      unfaulted: ['/google/admin', '/google/calendar-view'],
      globToRegExp,
      endpointKey: (method, path) => templatedEndpointKey(ENDPOINT_TEMPLATES, method, path),
    });
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

  protected describeFailure(failure: GoogleFailure): string {
    return failure.label;
  }

  protected sendFailure(failure: GoogleFailure, { res, path }: { res: Response; path: string }) {
    const error = failure.make();
    if (isOAuthPath(path)) {
      res.status(error.code).json({ error: 'internal_failure', error_description: error.message });
    } else {
      res.status(error.code).json(error.body());
    }
  }

  private pushError(count: number, make: () => GoogleApiError, scope?: GoogleFaultScope): void {
    assertCount(count);
    const sample = make();
    this.queueFailure(count, { make, label: `${sample.code} ${sample.reason}` }, scope);
  }
}
