import type { RunningProviderEmulator } from '../src/index';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the tests
  body: any;
}

/** One call to the fake Zoom REST API with a bearer token. */
export async function zoomApi(
  emulator: RunningProviderEmulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(`${emulator.url}${emulator.zoom.paths.apiBase}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: isJson && text ? JSON.parse(text) : undefined,
  };
}

/** A create body for an interview tomorrow at the given UTC hour. */
export function meetingRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    topic: 'Interview: Mika Suzuki',
    type: 2,
    start_time: '2025-10-02T01:00:00Z',
    duration: 45,
    timezone: 'Asia/Tokyo',
    agenda: 'First interview',
    ...overrides,
  };
}
