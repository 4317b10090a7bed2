/** What an error thrown in Express (body-parser, param decoding, our own code) says about itself. */
export interface HttpErrorFacts {
  /** The 4xx the error carries, or 500 for anything else. */
  status: number;
  /** body-parser's `type`, e.g. `entity.parse.failed`. */
  type?: string;
  /** The error's message when it is meant for the client (a 4xx), else undefined. */
  message?: string;
}

export function httpErrorFacts(error: unknown): HttpErrorFacts {
  if (typeof error !== 'object' || error === null) return { status: 500 };
  const { status, statusCode, type, message } = error as Record<string, unknown>;
  const code = typeof status === 'number' ? status : statusCode;
  const clientError = typeof code === 'number' && code >= 400 && code < 500;
  // Express 5 decodes path parameters and answers malformed percent-encoding with a URIError.
  const badEncoding = error instanceof URIError;
  return {
    status: clientError ? code : badEncoding ? 400 : 500,
    type: typeof type === 'string' ? type : undefined,
    message: (clientError || badEncoding) && typeof message === 'string' ? message : undefined,
  };
}
