/** A demo user as the mock ATS's backend lists them. */
export interface DemoUserSummary {
  id: string;
  tenantId: string;
  tenantName: string;
  role: 'recruiter' | 'coordinator' | 'interviewer';
  name: string;
  email: string;
  /** False while the ATS account is deactivated: it cannot sign in. */
  active: boolean;
}

export interface DemoConfig {
  bffUrl: string;
  /** The emulator's Google Calendar page (null against real Google). */
  calendarViewUrl: string | null;
  /** The emulator's Outlook calendar page (null against real Microsoft 365). */
  outlookCalendarViewUrl: string | null;
  users: DemoUserSummary[];
}

export async function fetchDemoConfig(): Promise<DemoConfig> {
  const [config, users] = await Promise.all([
    fetch('/host-api/config').then(
      (response) =>
        response.json() as Promise<{
          bffUrl: string;
          calendarViewUrl: string | null;
          outlookCalendarViewUrl: string | null;
        }>,
    ),
    fetch('/host-api/users').then((response) => response.json() as Promise<DemoUserSummary[]>),
  ]);
  return {
    bffUrl: config.bffUrl,
    calendarViewUrl: config.calendarViewUrl,
    outlookCalendarViewUrl: config.outlookCalendarViewUrl ?? null,
    users,
  };
}

/**
 * The host's `getToken()` for one signed-in user: asks the host backend for a short-lived token
 * and reuses it until a minute before it expires.
 */
export function createTokenSource(userId: string): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return () => {
    if (cached && cached.expiresAt - Date.now() > 60_000) return Promise.resolve(cached.token);
    pending ??= fetch(`/host-api/token?user=${encodeURIComponent(userId)}`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`host token request failed: ${response.status}`);
        cached = (await response.json()) as { token: string; expiresAt: number };
        return cached.token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/**
 * Deactivates or reactivates a colleague's account, as `admin` (a recruiter of their company);
 * the host backend tells the BFF. Resolves with the colleague's summary as it now stands.
 */
export async function setDemoUserStatus(
  admin: DemoUserSummary,
  userId: string,
  active: boolean,
): Promise<DemoUserSummary> {
  const response = await fetch(
    `/host-api/users/${encodeURIComponent(userId)}/status?user=${encodeURIComponent(admin.id)}`,
    {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ active }),
    },
  );
  if (!response.ok) throw new Error(`user status change failed: ${response.status}`);
  return (await response.json()) as DemoUserSummary;
}
