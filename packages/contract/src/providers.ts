/**
 * Providers a user can connect. Each plays a role: Zoom hosts meetings (a *meeting host*);
 * Google Calendar and Outlook (Microsoft 365) receive the interview events (a *calendar*).
 */
export const providers = ['zoom', 'google', 'outlook'] as const;
export type Provider = (typeof providers)[number];

/** Providers that host the interview's online meeting. */
export const meetingHostProviders = ['zoom'] as const satisfies readonly Provider[];
export type MeetingHostProvider = (typeof meetingHostProviders)[number];

/** Providers whose calendars receive the interview's event (予定を登録) and feed 予定あり. */
export const calendarProviders = ['google', 'outlook'] as const satisfies readonly Provider[];
export type CalendarProvider = (typeof calendarProviders)[number];

export function isProvider(value: unknown): value is Provider {
  return (providers as readonly unknown[]).includes(value);
}

export function isCalendarProvider(value: unknown): value is CalendarProvider {
  return (calendarProviders as readonly unknown[]).includes(value);
}
