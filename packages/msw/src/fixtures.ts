import type { Connection } from '@ats-zoom/contract';

const connectedAt = '2025-04-01T09:00:00.000+09:00';
const updatedAt = '2025-04-01T09:00:00.000+09:00';

function connection(overrides: Partial<Connection> & Pick<Connection, 'id'>): Connection {
  return Object.freeze({
    provider: 'zoom',
    status: 'active',
    email: 'tanaka.taro@example.com',
    displayName: '田中 太郎',
    accountType: 'personal',
    connectedAt,
    updatedAt,
    movedFrom: null,
    movedTo: null,
    ...overrides,
  });
}

function googleConnection(overrides: Partial<Connection> & Pick<Connection, 'id'>): Connection {
  return connection({
    provider: 'google',
    email: 'tanaka@acme-corp.example.com',
    displayName: '田中 太郎',
    accountType: null,
    ...overrides,
  });
}

function outlookConnection(overrides: Partial<Connection> & Pick<Connection, 'id'>): Connection {
  return connection({
    provider: 'outlook',
    email: 'tanaka.taro@acme-corp.example.onmicrosoft.com',
    displayName: '田中 太郎',
    accountType: null,
    ...overrides,
  });
}

/**
 * Sample Zoom, Google Calendar and Outlook calendar connections, one per state the UI shows. Frozen: scenarios
 * copy them.
 */
export const fixtures = Object.freeze({
  /** A personal Zoom account (the user allowed the app on their own). */
  personalConnection: connection({ id: 'conn_zoom_personal' }),
  /** A member of a company (managed) Zoom account whose admin pre-approved the app. */
  managedConnection: connection({
    id: 'conn_zoom_managed',
    email: 'taro.tanaka@acme-corp.example.com',
    accountType: 'managed',
  }),
  /** Linked at connect time away from a colleague of the same tenant. */
  movedInConnection: connection({
    id: 'conn_zoom_moved_in',
    movedFrom: { scope: 'same_tenant', userName: '佐藤 花子' },
  }),
  /** The grant was lost (e.g. revoked at Zoom): the user must connect again. */
  needsReauthConnection: connection({ id: 'conn_zoom_needs_reauth', status: 'needs_reauth' }),
  /** The user removed the app at Zoom (Zoom's app_deauthorized): the link is revoked. */
  revokedConnection: connection({ id: 'conn_zoom_revoked', status: 'revoked' }),
  /** A colleague of the same tenant linked this Zoom account since. */
  movedSameTenantConnection: connection({
    id: 'conn_zoom_moved_same_tenant',
    status: 'moved',
    movedTo: { scope: 'same_tenant', userName: '佐藤 花子' },
  }),
  /** Someone in another organization of the deployment linked this Zoom account since. */
  movedOtherTenantConnection: connection({
    id: 'conn_zoom_moved_other_tenant',
    status: 'moved',
    movedTo: { scope: 'other_tenant' },
  }),
  /** A Google account whose primary calendar receives the interview events. */
  googleConnection: googleConnection({ id: 'conn_google' }),
  /** A Google link taken over at connect time from a colleague of the same tenant. */
  googleMovedInConnection: googleConnection({
    id: 'conn_google_moved_in',
    movedFrom: { scope: 'same_tenant', userName: '佐藤 花子' },
  }),
  /** Google refused the refresh token (revoked, or the password changed): connect again. */
  googleNeedsReauthConnection: googleConnection({
    id: 'conn_calendar_needs_reauth',
    status: 'needs_reauth',
  }),
  /** A colleague of the same tenant linked this Google account since. */
  googleMovedSameTenantConnection: googleConnection({
    id: 'conn_google_moved_same_tenant',
    status: 'moved',
    movedTo: { scope: 'same_tenant', userName: '佐藤 花子' },
  }),
  /** Someone in another organization of the deployment linked this Google account since. */
  googleMovedOtherTenantConnection: googleConnection({
    id: 'conn_google_moved_other_tenant',
    status: 'moved',
    movedTo: { scope: 'other_tenant' },
  }),
  /** A Microsoft 365 (work or school) account whose Outlook calendar receives the interview events. */
  outlookConnection: outlookConnection({ id: 'conn_outlook' }),
  /** An Outlook link taken over at connect time from a colleague of the same tenant. */
  outlookMovedInConnection: outlookConnection({
    id: 'conn_outlook_moved_in',
    movedFrom: { scope: 'same_tenant', userName: '佐藤 花子' },
  }),
  /** Microsoft refused the refresh token (password changed, sessions revoked): connect again. */
  outlookNeedsReauthConnection: outlookConnection({
    id: 'conn_outlook_needs_reauth',
    status: 'needs_reauth',
  }),
  /** The user (or their admin) removed the app's access at Microsoft: the link is revoked. */
  outlookRevokedConnection: outlookConnection({ id: 'conn_outlook_revoked', status: 'revoked' }),
  /** A colleague of the same tenant linked this Microsoft account since. */
  outlookMovedSameTenantConnection: outlookConnection({
    id: 'conn_outlook_moved_same_tenant',
    status: 'moved',
    movedTo: { scope: 'same_tenant', userName: '佐藤 花子' },
  }),
  /** Someone in another organization of the deployment linked this Microsoft account since. */
  outlookMovedOtherTenantConnection: outlookConnection({
    id: 'conn_outlook_moved_other_tenant',
    status: 'moved',
    movedTo: { scope: 'other_tenant' },
  }),
} satisfies Record<string, Connection>);

/** When the user of `zoomConnectionScenarios.awaitingApproval` asked their Zoom admin. */
export const approvalWaitSince = '2025-04-02T10:00:00.000+09:00';
