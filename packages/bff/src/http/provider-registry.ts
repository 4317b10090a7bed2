import type { Provider } from '@ats-zoom/contract';
import {
  createGoogleCalendarClient,
  createGoogleOAuthClient,
  createGoogleProvider,
  type GoogleCalendarResilienceOptions,
} from '../adapters/google';
import {
  createMicrosoftOAuthClient,
  createOutlookCalendarClient,
  createOutlookProvider,
  type GraphResilienceOptions,
  MICROSOFT_GRAPH_BASE,
} from '../adapters/microsoft';
import {
  instrumentPort,
  type ProviderObservation,
  providerOperations,
} from '../adapters/observability/provider-calls';
import {
  createZoomMeetingsClient,
  createZoomOAuthClient,
  createZoomProvider,
  createZoomUsersClient,
  type ZoomResilienceOptions,
} from '../adapters/zoom';
import type { Clock } from '../core/ports';
import { type ProviderRegistry, providerDescriptors } from '../core/providers';
import type { BffConfig } from './bff-options';

export interface ProviderWiring {
  config: BffConfig;
  /** `config.publicUrl` without a trailing slash: the OAuth redirect URIs are built on it. */
  publicUrl: string;
  clock: Clock;
  /** The fetch of every adapter (the BFF's notes each answer's provider request id). */
  fetch?: typeof fetch;
  /**
   * Where every provider call is reported: each adapter's calls are counted, traced and, when
   * they fail, logged (see adapters/observability/provider-calls.ts).
   */
  observation: ProviderObservation;
  zoomResilience?: ZoomResilienceOptions;
  googleCalendar?: GoogleCalendarResilienceOptions;
  outlookCalendar?: GraphResilienceOptions;
}

/**
 * The registry of configured providers: Zoom always (the meeting host), Google when
 * `config.google` is set, Outlook when `config.outlook` is set. A provider is added here (one entry from its adapter folder) and in
 * `BffConfig`; the rest of the BFF finds it by id.
 */
export function createProviderRegistry(wiring: ProviderWiring): ProviderRegistry {
  const { config, publicUrl, clock, observation } = wiring;
  const fetchOption = wiring.fetch ? { fetch: wiring.fetch } : {};
  // Each adapter is instrumented where it is built, so the entry's own use of it (identify
  // reading the account) is observed as well as the core's.
  const observed = <T extends object>(
    port: T,
    provider: Provider,
    operations: { [K in keyof T]?: string },
  ): T => instrumentPort(port, provider, operations, observation);
  const zoom = createZoomProvider({
    oauth: observed(
      createZoomOAuthClient(
        {
          clientId: config.zoom.clientId,
          clientSecret: config.zoom.clientSecret,
          authorizeUrl: config.zoom.authorizeUrl,
          tokenUrl: config.zoom.tokenUrl,
          revokeUrl: config.zoom.revokeUrl,
          redirectUri: `${publicUrl}${providerDescriptors.zoom.popupPaths.callback}`,
          scopes: config.zoom.scopes,
        },
        { clock, ...fetchOption },
      ),
      'zoom',
      providerOperations.oauth,
    ),
    users: observed(
      createZoomUsersClient({ apiBaseUrl: config.zoom.apiBaseUrl, ...fetchOption }),
      'zoom',
      providerOperations.meetingHostUsers,
    ),
    meetings: observed(
      createZoomMeetingsClient({
        apiBaseUrl: config.zoom.apiBaseUrl,
        clock,
        ...fetchOption,
        ...(wiring.zoomResilience ? { resilience: wiring.zoomResilience } : {}),
      }),
      'zoom',
      providerOperations.meetingHost,
    ),
  });
  const google = config.google
    ? createGoogleProvider({
        oauth: observed(
          createGoogleOAuthClient(
            {
              clientId: config.google.clientId,
              clientSecret: config.google.clientSecret,
              authorizeUrl: config.google.authorizeUrl,
              tokenUrl: config.google.tokenUrl,
              revokeUrl: config.google.revokeUrl,
              userinfoUrl: config.google.userinfoUrl,
              redirectUri: `${publicUrl}${providerDescriptors.google.popupPaths.callback}`,
              ...(config.google.scopes ? { scopes: config.google.scopes } : {}),
            },
            { clock, ...fetchOption },
          ),
          'google',
          providerOperations.oauth,
        ),
        calendar: observed(
          createGoogleCalendarClient({
            apiBaseUrl: config.google.calendarApiBaseUrl,
            ...fetchOption,
            ...(wiring.googleCalendar ? { resilience: wiring.googleCalendar } : {}),
          }),
          'google',
          providerOperations.calendar,
        ),
      })
    : undefined;
  const outlook = config.outlook
    ? createOutlookProvider({
        oauth: observed(
          createMicrosoftOAuthClient(
            {
              clientId: config.outlook.clientId,
              clientSecret: config.outlook.clientSecret,
              ...(config.outlook.authorityBaseUrl
                ? { authorityBaseUrl: config.outlook.authorityBaseUrl }
                : {}),
              ...(config.outlook.tenant ? { tenant: config.outlook.tenant } : {}),
              ...(config.outlook.graphBaseUrl ? { graphBaseUrl: config.outlook.graphBaseUrl } : {}),
              redirectUri: `${publicUrl}${providerDescriptors.outlook.popupPaths.callback}`,
              ...(config.outlook.scopes ? { scopes: config.outlook.scopes } : {}),
            },
            { clock, ...fetchOption },
          ),
          'outlook',
          providerOperations.oauth,
        ),
        calendar: observed(
          createOutlookCalendarClient({
            graphBaseUrl: config.outlook.graphBaseUrl ?? MICROSOFT_GRAPH_BASE,
            ...fetchOption,
            ...(wiring.outlookCalendar ? { resilience: wiring.outlookCalendar } : {}),
          }),
          'outlook',
          providerOperations.outlookCalendar,
        ),
      })
    : undefined;
  return { zoom, ...(google ? { google } : {}), ...(outlook ? { outlook } : {}) };
}
