/** One JSON call with a bearer token, as both provider REST adapters send them. */
export interface BearerJsonRequest {
  method: string;
  /** Base URL + path of the vendor's endpoint. */
  url: string;
  token: string;
  query?: Record<string, string>;
  /** Sent as JSON when present. */
  body?: unknown;
  signal: AbortSignal;
}

/**
 * Sends the request and reads the whole answer as text. Throws what `fetch` throws (network
 * failure, abort, timeout): each adapter turns that and non-2xx answers into its own errors.
 */
export async function sendBearerJson(
  doFetch: typeof fetch,
  request: BearerJsonRequest,
): Promise<{ response: Response; text: string }> {
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    url.searchParams.set(name, value);
  }
  const hasBody = request.body !== undefined;
  const response = await doFetch(url, {
    method: request.method,
    headers: {
      authorization: `Bearer ${request.token}`,
      accept: 'application/json',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
    signal: request.signal,
  });
  return { response, text: await response.text() };
}
