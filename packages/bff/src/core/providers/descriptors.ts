import {
  type CalendarProvider,
  type MeetingHostProvider,
  type Provider,
  providerPaths,
} from '@ats-zoom/contract';

/** What the BFF's own pages and messages call a provider, in both languages. */
export interface ProviderLabels {
  /** e.g. `Google カレンダー` */
  readonly ja: string;
  /** e.g. `Google Calendar` */
  readonly en: string;
  /** The OAuth popup pages' title, both languages. */
  readonly title: string;
  /**
   * Where the provider's accounts belong to an organisation whose administrator may have to
   * consent to the app first: the organisation's product, e.g. `Microsoft 365`.
   */
  readonly organization?: string;
}

/** The role a provider plays for the BFF (fixed per provider in @ats-zoom/contract). */
export type ProviderRole<P extends Provider> = P extends MeetingHostProvider
  ? 'meeting_host'
  : P extends CalendarProvider
    ? 'calendar'
    : never;

/**
 * What the BFF knows of a provider without any configuration: its role, the OAuth popup's
 * start and callback paths (mounted for every provider; an unconfigured one answers its error
 * page), the popup's browser-binding cookie and the labels of its pages and messages.
 */
export interface ProviderDescriptor<P extends Provider = Provider> {
  readonly id: P;
  readonly role: ProviderRole<P>;
  readonly popupPaths: { readonly start: string; readonly callback: string };
  /** Without the `__Host-` prefix (added on https). One per provider: two popups at once work. */
  readonly cookieName: string;
  readonly labels: ProviderLabels;
  /**
   * The response header carrying the vendor's own id of a request (logged and traced with a
   * failed call, for the vendor's support); absent when the vendor documents none.
   */
  readonly requestIdHeader?: string;
}

/** Every provider's descriptor: a provider added to the contract without one fails `tsc`. */
export const providerDescriptors = {
  zoom: {
    id: 'zoom',
    role: 'meeting_host',
    popupPaths: { start: providerPaths.zoomOAuthStart, callback: providerPaths.zoomOAuthCallback },
    cookieName: 'atz_oauth',
    labels: { title: 'Zoom 連携 / Zoom connection', ja: 'Zoom', en: 'Zoom' },
    requestIdHeader: 'x-zm-trackingid',
  },
  google: {
    id: 'google',
    role: 'calendar',
    popupPaths: {
      start: providerPaths.googleOAuthStart,
      callback: providerPaths.googleOAuthCallback,
    },
    cookieName: 'atz_oauth_google',
    labels: {
      title: 'Google カレンダー連携 / Google Calendar connection',
      ja: 'Google カレンダー',
      en: 'Google Calendar',
    },
    // Google Calendar documents no request id header.
  },
  outlook: {
    id: 'outlook',
    role: 'calendar',
    popupPaths: {
      start: providerPaths.outlookOAuthStart,
      callback: providerPaths.outlookOAuthCallback,
    },
    cookieName: 'atz_oauth_outlook',
    labels: {
      title: 'Outlook 予定表連携 / Outlook calendar connection',
      ja: 'Outlook 予定表',
      en: 'Outlook Calendar',
      organization: 'Microsoft 365',
    },
    requestIdHeader: 'request-id',
  },
} as const satisfies { readonly [P in Provider]: ProviderDescriptor<P> };

/** The labels of a provider (both languages), for messages that name the vendor. */
export function providerLabel(provider: Provider): ProviderLabels {
  return providerDescriptors[provider].labels;
}
