import { type Problem, type ProblemCode, problemTypes, problemTypeUri } from '@ats-zoom/contract';
import type { ErrorRequestHandler, Response } from 'express';
import type { LogPort } from '../core/ports';
import {
  DomainError,
  describeError,
  NoHostAvailableError,
  ValidationError,
} from '../core/shared/errors';
import { TemplateMalformedError } from '../core/variables/mail-variables';
import { sendJsonText } from './json-text';

/** What a problem may carry beyond its code (see `ProblemSchema`). */
type ProblemExtra = Pick<Problem, 'detail' | 'errors' | 'provider' | 'passedOver'>;

/** Builds the RFC 9457 body for a problem code. */
export function problemBody(
  code: ProblemCode,
  requestId: string,
  extra: ProblemExtra = {},
): Problem {
  const { status, title } = problemTypes[code];
  const { provider, ...rest } = extra;
  return {
    type: problemTypeUri(code),
    title,
    status,
    code,
    ...(provider ? { provider } : {}),
    requestId,
    ...rest,
  };
}

/** Answers a problem, stored by no cache (as every answer of ours: see `sendJsonText`). */
export function sendProblem(res: Response, code: ProblemCode, extra: ProblemExtra = {}): void {
  const body = problemBody(code, String(res.locals.requestId ?? ''), extra);
  sendJsonText(res, body.status, JSON.stringify(body), 'application/problem+json; charset=utf-8');
}

/** What Express, its router and body-parser attach to the errors they raise (http-errors). */
interface HttpLayerError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
}

/** The status of an error Express raised about the request itself (4xx), else undefined. */
function clientErrorStatus(error: HttpLayerError): number | undefined {
  const status = error.status ?? error.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 499 ? status : undefined;
}

/** Maps a thrown value to its problem code: the only place errors become HTTP. */
export function problemCodeOf(error: unknown): ProblemCode {
  if (error instanceof DomainError) return error.code;
  if (typeof error !== 'object' || error === null) return 'internal_error';
  const httpError = error as HttpLayerError;
  switch (httpError.type) {
    case 'entity.too.large':
    case 'parameters.too.many':
      return 'body_too_large';
    case 'entity.parse.failed':
      return 'malformed_json';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'unsupported_media_type';
  }
  // Any other request the HTTP layer refused as the client's fault: a path parameter with
  // malformed percent-encoding (the router's URIError), a body shorter or longer than its
  // Content-Length, an aborted upload. A server-side fault there (e.g. a body stream already
  // read) carries a 5xx status and stays internal_error.
  switch (clientErrorStatus(httpError)) {
    case undefined:
      return 'internal_error';
    case 413:
      return 'body_too_large';
    case 415:
      return 'unsupported_media_type';
    default:
      return 'malformed_request';
  }
}

/** Last middleware: everything thrown in a route ends here as problem+json, without a stack. */
export function problemErrorHandler(logger: LogPort): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const code = problemCodeOf(error);
    if (code === 'internal_error') {
      logger.error(
        { requestId: res.locals.requestId, error: describeError(error) },
        'unhandled error',
      );
    }
    const retryAfter = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (error instanceof DomainError && typeof retryAfter === 'number' && retryAfter >= 0) {
      res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    }
    const detail =
      error instanceof DomainError && code !== 'internal_error' ? error.message : undefined;
    sendProblem(res, code, {
      ...(detail ? { detail } : {}),
      ...(error instanceof DomainError && error.provider ? { provider: error.provider } : {}),
      ...(error instanceof ValidationError || error instanceof TemplateMalformedError
        ? { errors: error.errors }
        : {}),
      ...(error instanceof NoHostAvailableError ? { passedOver: error.passedOver } : {}),
    });
  };
}

/** The codes an OAuth popup page answers with; anything else is the authorization not completing. */
const popupCodes = [
  'oauth_state_invalid',
  'oauth_access_denied',
  'oauth_exchange_failed',
  'admin_consent_required',
] as const;
type PopupProblemCode = (typeof popupCodes)[number];

/**
 * What a failed OAuth popup page answers (an HTML page, not problem+json), mapped here beside
 * the JSON answers and from the same registry: a refused state, a declined consent, an
 * organisation that requires its administrator's consent, or, for any other failure,
 * `oauth_exchange_failed`.
 */
export function popupProblemOf(failure: unknown): { code: PopupProblemCode; status: number } {
  const code =
    typeof failure === 'string' ? failure : failure instanceof DomainError ? failure.code : null;
  const known = popupCodes.find((candidate) => candidate === code) ?? 'oauth_exchange_failed';
  return { code: known, status: problemTypes[known].status };
}
