import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Paths pino must censor wherever they appear in a log line. The lead's root logger should use
 * them too; createBff applies them to its child logger regardless.
 */
export const logRedactPaths = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  '*.authorization',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.accessToken',
  '*.refreshToken',
  'code',
  '*.code_verifier',
  'code_verifier',
  'codeVerifier',
  '*.codeVerifier',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'state',
  '*.state',
  'start_url',
  '*.start_url',
  'startUrl',
  '*.startUrl',
  'password',
  '*.password',
  'ticket',
  '*.ticket',
];

/**
 * Accepts a well-formed caller `X-Request-Id` (else mints a UUID), echoes it, and logs one line
 * per request: method, path without the query (it may hold an OAuth code), status, duration,
 * and the caller's tenant once a route verified its host token (`res.locals.logContext`, the
 * request's log scope, names it).
 *
 * Every field of that line is ours and of a fixed name (none is a redacted path), so `logger`
 * need not redact: createBff passes its logger without the redaction its other lines get, since
 * redacting a line costs more than writing it.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const startedHr = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number((process.hrtime.bigint() - startedHr) / 1000n) / 1000;
      const tenantId: unknown = res.locals.logContext?.tenantId;
      logger.info(
        {
          requestId,
          ...(typeof tenantId === 'string' ? { tenantId } : {}),
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms,
        },
        'request',
      );
    });
    next();
  };
}
