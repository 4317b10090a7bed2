/**
 * OpenTelemetry, when the host app installs it: `@opentelemetry/api` is an optional peer
 * dependency, imported on first use. Absent, every call runs untraced; present without a
 * registered SDK, its API answers no-op spans.
 */
type OpenTelemetryApi = typeof import('@opentelemetry/api');

let loading: Promise<OpenTelemetryApi | undefined> | undefined;

export function loadOpenTelemetry(): Promise<OpenTelemetryApi | undefined> {
  loading ??= import('@opentelemetry/api').then(
    (api) => api,
    () => undefined,
  );
  return loading;
}

/** Instrumentation scope of the BFF's spans. */
export const tracerName = '@ats-zoom/bff';
