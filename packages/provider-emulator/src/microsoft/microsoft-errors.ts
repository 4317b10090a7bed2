import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { httpErrorFacts } from '../shared/http-errors';

/** Graph's error body (`microsoft.graph.ODataErrors.ODataError`). */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { 'request-id': string; 'client-request-id': string; date: string };
  };
}

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const itemNotFound = () =>
  new GraphApiError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
export const invalidRequest = (message: string) =>
  new GraphApiError(400, 'ErrorInvalidRequest', message);
export const invalidParameter = (message: string) =>
  new GraphApiError(400, 'ErrorInvalidParameter', message);
export const accessDenied = () =>
  new GraphApiError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
export const throttled = (code: string, message: string, retryAfterSeconds: number) =>
  new GraphApiError(429, code, message, { 'Retry-After': String(retryAfterSeconds) });

/** Graph's request ids: one per request, echoed in headers and in `innerError`. */
function requestIds(req: Request, res: Response) {
  let requestId = res.getHeader('request-id');
  if (typeof requestId !== 'string') {
    requestId = randomUUID();
    res.set('request-id', requestId);
  }
  const given = req.headers['client-request-id'];
  const clientRequestId = typeof given === 'string' && given ? given : requestId;
  res.set('client-request-id', clientRequestId);
  return { requestId, clientRequestId };
}

export function graphErrorBody(req: Request, res: Response, error: GraphApiError): GraphErrorBody {
  const { requestId, clientRequestId } = requestIds(req, res);
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        'request-id': requestId,
        'client-request-id': clientRequestId,
        date: new Date().toISOString().slice(0, 19),
      },
    },
  };
}

export function sendGraphError(req: Request, res: Response, error: GraphApiError): void {
  if (error.status === 401) {
    res.set(
      'WWW-Authenticate',
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    );
  }
  res.set(error.headers);
  res.status(error.status).json(graphErrorBody(req, res, error));
}

/** Sets Graph's `request-id` headers on every answer. */
export const graphRequestIds: RequestHandler = (req, res, next) => {
  requestIds(req, res);
  next();
};

/** Unknown paths and known paths with another method under `/microsoft`: Graph's JSON 404. */
export const microsoftNotFound: RequestHandler = (req, res) => {
  sendGraphError(
    req,
    res,
    new GraphApiError(404, 'NotFound', `Not Found: ${req.method} ${req.baseUrl}${req.path}`),
  );
};

/** Errors thrown while routing or parsing (bad JSON, bad percent-encoding, oversize bodies). */
export const microsoftErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof GraphApiError) return sendGraphError(req, res, error);
  const facts = httpErrorFacts(error);
  if (facts.type === 'entity.parse.failed' || error instanceof SyntaxError) {
    return sendGraphError(
      req,
      res,
      new GraphApiError(400, 'BadRequest', 'Unable to read JSON request payload.'),
    );
  }
  if (facts.status < 500) {
    return sendGraphError(
      req,
      res,
      new GraphApiError(facts.status, 'BadRequest', facts.message ?? 'Bad Request'),
    );
  }
  sendGraphError(req, res, new GraphApiError(500, 'InternalServerError', 'Internal Server Error'));
};
