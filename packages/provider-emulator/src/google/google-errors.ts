import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { httpErrorFacts } from '../shared/http-errors';

/** One entry of Google's `error.errors[]`. */
export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message: string;
  locationType?: string;
  location?: string;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; errors: GoogleErrorItem[]; status?: string };
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  410: 'NOT_FOUND',
  412: 'FAILED_PRECONDITION',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly domain = 'global',
    readonly extra: Partial<GoogleErrorItem> & { topMessage?: string } = {},
  ) {
    super(message);
  }

  body(): GoogleErrorBody {
    const { topMessage, ...location } = this.extra;
    return {
      error: {
        code: this.code,
        message: topMessage ?? this.message,
        errors: [{ domain: this.domain, reason: this.reason, message: this.message, ...location }],
        ...(STATUS_NAMES[this.code] ? { status: STATUS_NAMES[this.code] } : {}),
      },
    };
  }
}

export const badRequest = (reason: string, message: string, domain = 'global') =>
  new GoogleApiError(400, reason, message, domain);
export const notFound = () => new GoogleApiError(404, 'notFound', 'Not Found');

/** Research §5: the reasons a fault may inject, with their real codes and messages. */
export function injectedError(reason: string, status?: number): GoogleApiError {
  switch (reason) {
    case 'rateLimitExceeded':
      return new GoogleApiError(status ?? 403, reason, 'Rate Limit Exceeded', 'usageLimits');
    case 'userRateLimitExceeded':
      return new GoogleApiError(403, reason, 'User Rate Limit Exceeded', 'usageLimits');
    case 'quotaExceeded':
      return new GoogleApiError(403, reason, 'Calendar usage limits exceeded.', 'usageLimits');
    case 'forbidden':
      return new GoogleApiError(403, reason, 'Forbidden');
    case 'notFound':
      return notFound();
    default:
      return new GoogleApiError(status ?? 503, 'backendError', 'Backend Error');
  }
}

export function sendGoogleError(res: Response, error: GoogleApiError): void {
  if (error.code === 401) {
    res.set('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error=invalid_token');
  }
  res.status(error.code).type('application/json; charset=UTF-8').send(JSON.stringify(error.body()));
}

/** The path as the client sent it, under whatever prefix the router is mounted at. */
const fullPath = (req: Request) => `${req.baseUrl}${req.path}`;

/**
 * Unknown paths and known paths with another method: Google's JSON 404 (a GET on
 * `/revoke` answers 404 there too), never Express's HTML page.
 */
export const googleNotFound: RequestHandler = (req, res) => {
  sendGoogleError(
    res,
    new GoogleApiError(404, 'notFound', `Not Found: ${req.method} ${fullPath(req)}`),
  );
};

/** Errors thrown while routing or parsing (bad JSON, bad percent-encoding, oversize bodies). */
export const googleErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof GoogleApiError) return sendGoogleError(res, error);
  const facts = httpErrorFacts(error);
  if (facts.type === 'entity.parse.failed' || error instanceof SyntaxError) {
    return sendGoogleError(res, badRequest('parseError', 'Parse Error'));
  }
  if (facts.status < 500) {
    return sendGoogleError(
      res,
      new GoogleApiError(facts.status, 'badRequest', facts.message ?? 'Bad Request'),
    );
  }
  sendGoogleError(res, new GoogleApiError(500, 'backendError', 'Backend Error'));
};
