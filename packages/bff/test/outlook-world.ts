import type { MicrosoftUser } from '@ats-zoom/provider-emulator';
import { expect } from 'vitest';
import type { AtsUser, Harness } from './harness';

/** A seeded Microsoft 365 account of the emulator, by its key there. */
export type SeededMicrosoftAccount =
  | 'recruiter'
  | 'interviewer'
  | 'interviewer2'
  | 'adminConsentUser'
  | 'adminConsentUser2';

/**
 * The Outlook popup journey: POST authorize (host page) -> BFF start -> Microsoft's account
 * picker -> (redirect) -> BFF callback. Answers the popup's final page.
 */
export async function runOutlookConnect(
  h: Harness,
  user: AtsUser,
  account: SeededMicrosoftAccount,
) {
  const microsoft: MicrosoftUser = h.emulator.microsoft.seeded[account];
  const started = await h.api('POST', '/v1/connections/outlook/authorize', { user, body: {} });
  if (started.status !== 201) {
    throw new Error(`authorize answered ${started.status}: ${started.text}`);
  }
  const browser = h.newBrowser();
  const start = await browser.get(started.json.authorizationUrl);
  if (start.status !== 302 || !start.location) throw new Error(`start answered ${start.status}`);
  const authorizeUrl = new URL(start.location);
  const state = authorizeUrl.searchParams.get('state');
  if (state) h.wire.states.add(state);
  const picker = await browser.get(authorizeUrl.href);
  if (picker.status !== 200) throw new Error(`account picker answered ${picker.status}`);
  const decided = await browser.postForm(`${authorizeUrl.origin}${authorizeUrl.pathname}`, {
    ...Object.fromEntries(authorizeUrl.searchParams),
    account: microsoft.id,
    decision: 'allow',
  });
  if (decided.status !== 302 || !decided.location) {
    throw new Error(`consent answered ${decided.status}`);
  }
  return browser.get(decided.location);
}

/** Connects an ATS user's Outlook (a seeded Microsoft 365 account) and answers the link id. */
export async function connectOutlook(
  h: Harness,
  user: AtsUser,
  account: SeededMicrosoftAccount = 'recruiter',
): Promise<string> {
  const final = await runOutlookConnect(h, user, account);
  expect(final.status, final.text).toBe(200);
  const me = await h.api('GET', '/v1/connections/me', { user });
  expect(me.json.outlook?.status).toBe('active');
  return me.json.outlook.id as string;
}
