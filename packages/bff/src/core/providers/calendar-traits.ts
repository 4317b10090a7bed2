import type { CalendarProvider } from '@ats-zoom/contract';

/**
 * How a calendar provider behaves where the calendar step must know it. One entry per calendar
 * of the contract: a calendar added without one fails `tsc`.
 */
export interface CalendarTraits {
  /**
   * Who names an event. `derived_key`: the BFF does, with the derived key (Google: the event
   * id; a deleted event keeps its id and a patch brings it back). `assigned`: the provider does
   * and answers its id on create, the derived key being its idempotency token (Outlook:
   * `transactionId`); an id is then learnt only from the create answer.
   */
  readonly eventIds: 'derived_key' | 'assigned';
  /**
   * Whether the grant is proven with a refresh before the first write: an organisation can
   * withdraw its consent while the user's access token still works (Microsoft 365), and the
   * save must say so before anything is created at the meeting host.
   */
  readonly refreshBeforeRegistering: boolean;
}

export const calendarTraits = {
  google: { eventIds: 'derived_key', refreshBeforeRegistering: false },
  outlook: { eventIds: 'assigned', refreshBeforeRegistering: true },
} as const satisfies { readonly [P in CalendarProvider]: CalendarTraits };
