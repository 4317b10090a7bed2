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
  fetch?: typeof fetch;
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
  const { config, publicUrl, clock } = wiring;
  const fetchOption = wiring.fetch ? { fetch: wiring.fetch } : {};
  const zoom = createZoomProvider({
    oauth: createZoomOAuthClient(
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
    users: createZoomUsersClient({ apiBaseUrl: config.zoom.apiBaseUrl, ...fetchOption }),
    meetings: createZoomMeetingsClient({
      apiBaseUrl: config.zoom.apiBaseUrl,
      clock,
      ...fetchOption,
      ...(wiring.zoomResilience ? { resilience: wiring.zoomResilience } : {}),
    }),
  });
  const google = config.google
    ? createGoogleProvider({
        oauth: createGoogleOAuthClient(
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
        calendar: createGoogleCalendarClient({
          apiBaseUrl: config.google.calendarApiBaseUrl,
          ...fetchOption,
          ...(wiring.googleCalendar ? { resilience: wiring.googleCalendar } : {}),
        }),
      })
    : undefined;
  const outlook = config.outlook
    ? createOutlookProvider({
        oauth: createMicrosoftOAuthClient(
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
        calendar: createOutlookCalendarClient({
          graphBaseUrl: config.outlook.graphBaseUrl ?? MICROSOFT_GRAPH_BASE,
          ...fetchOption,
          ...(wiring.outlookCalendar ? { resilience: wiring.outlookCalendar } : {}),
        }),
      })
    : undefined;
  return { zoom, ...(google ? { google } : {}), ...(outlook ? { outlook } : {}) };
}
