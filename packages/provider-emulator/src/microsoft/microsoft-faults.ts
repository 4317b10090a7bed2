import type { Request, Response } from 'express';
import { assertCount, RequestFaults, templatedEndpointKey } from '../shared/request-faults';
import { GraphApiError, sendGraphError, throttled } from './microsoft-errors';
import type { MicrosoftOAuthState } from './microsoft-oauth-state';
import type { MicrosoftFaultScope } from './microsoft-types';

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
  { pattern: /^\/graph\/v1\.0\/me\/events\/[^/]+$/, template: '/graph/v1.0/me/events/{id}' },
  {
    pattern:
      /^\/graph\/v1\.0\/(me|me\/events|me\/calendar\/events|me\/calendarView|me\/calendar\/getSchedule)$/,
    template: '',
  },
  { pattern: /^\/[^/]+\/oauth2\/v2\.0\/token$/, template: '/{tenant}/oauth2/v2.0/token' },
  { pattern: /^\/[^/]+\/oauth2\/v2\.0\/authorize$/, template: '/{tenant}/oauth2/v2.0/authorize' },
];

interface MicrosoftFailure {
  make: () => GraphApiError;
  label: string;
}

/**
 * Injected faults in the order a request meets them: latency, then an injected error before
 * the handler runs, or a drop after the handler committed its work. A scope may name a user:
 * then only Graph requests carrying that user's access token match.
 */
export class MicrosoftFaults extends RequestFaults<MicrosoftFailure> {
  constructor(private readonly oauth: MicrosoftOAuthState) {
    super({
      prefix: '/microsoft',
      defaultPath: '/microsoft/**',
      // Our own pages never fail: a person must be able to turn faults off again.
      unfaulted: ['/microsoft/admin', '/microsoft/calendar-view'],
      globToRegExp,
      endpointKey: (method, path) => templatedEndpointKey(ENDPOINT_TEMPLATES, method, path),
    });
  }

  override injectLatency(ms: number, scope?: MicrosoftFaultScope): void {
    super.injectLatency(ms, this.checked(scope));
  }

  override dropNext(count: number, scope?: MicrosoftFaultScope): void {
    super.dropNext(count, this.checked(scope));
  }

  rateLimitNext(count: number, retryAfterSeconds = 2, scope?: MicrosoftFaultScope): void {
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
      throw new Error('retryAfterSeconds must be a non-negative integer');
    }
    this.pushError(
      count,
      () =>
        throttled(
          'TooManyRequests',
          'Too many requests. Please retry after the time given in the Retry-After header.',
          retryAfterSeconds,
        ),
      scope,
    );
  }

  failNext(count: number, status = 503, scope?: MicrosoftFaultScope): void {
    if (!Number.isInteger(status) || status < 500 || status > 599) {
      throw new Error(`failNext takes a 5xx status, not ${status}`);
    }
    this.pushError(
      count,
      () =>
        status === 503
          ? new GraphApiError(
              503,
              'ServiceUnavailable',
              'The service is temporarily unavailable.',
              {
                'Retry-After': '1',
              },
            )
          : new GraphApiError(status, 'InternalServerError', 'An internal server error occurred.'),
      scope,
    );
  }

  protected override requestMatches(scope: MicrosoftFaultScope, req: Request): boolean {
    if (scope.user === undefined) return true;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const user = this.oauth.userOfToken(token);
    return user?.mail.toLowerCase() === scope.user.toLowerCase();
  }

  protected describeFailure(failure: MicrosoftFailure): string {
    return failure.label;
  }

  protected sendFailure(
    failure: MicrosoftFailure,
    { req, res, path }: { req: Request; res: Response; path: string },
  ) {
    const error = failure.make();
    if (/\/oauth2\/v2\.0\/token$/.test(path)) {
      res
        .status(error.status)
        .set(error.headers)
        .json({
          error: error.status === 429 ? 'temporarily_unavailable' : 'server_error',
          error_description: `AADSTS90033: ${error.message}`,
          error_codes: [90033],
        });
    } else {
      sendGraphError(req, res, error);
    }
  }

  private checked(scope?: MicrosoftFaultScope): MicrosoftFaultScope | undefined {
    if (scope?.user !== undefined && !this.oauth.findUser(scope.user)) {
      throw new Error(`Unknown Microsoft user "${scope.user}"`);
    }
    return scope;
  }

  private pushError(count: number, make: () => GraphApiError, scope?: MicrosoftFaultScope): void {
    assertCount(count);
    const sample = make();
    const who = scope?.user ? ` for ${scope.user}` : '';
    this.queueFailure(
      count,
      { make, label: `${sample.status} ${sample.code}${who}` },
      this.checked(scope),
    );
  }
}
