/** Providers a user can connect: Zoom hosts meetings, Google Calendar receives the events. */
export const providers = ['zoom', 'google'] as const;
export type Provider = (typeof providers)[number];

export function isProvider(value: unknown): value is Provider {
  return (providers as readonly unknown[]).includes(value);
}
