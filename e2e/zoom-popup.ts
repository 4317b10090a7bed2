import { expect, type Locator, type Page } from '@playwright/test';

export interface ConnectZoomOptions {
  /** The host page's button that opens Zoom's popup. @default 'Zoom アカウントを連携' */
  buttonName?: string;
  /** Runs while Zoom's consent page is open, before the account is picked. */
  onConsentPage?: () => Promise<void>;
}

/**
 * Links a Zoom account through the emulator's popup: opens it from the host page, picks the
 * account on the consent page, allows, and returns once the callback page has closed itself.
 */
export async function connectZoomInPopup(
  page: Page,
  accountEmail: string,
  { buttonName = 'Zoom アカウントを連携', onConsentPage }: ConnectZoomOptions = {},
): Promise<void> {
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: buttonName }).click();
  const popup = await popupOpened;
  await popup.waitForURL(/\/zoom\/oauth\/authorize/);
  await onConsentPage?.();
  await popup.getByLabel(accountEmail, { exact: false }).check();
  // The callback page posts the result and closes itself: listen before it can happen.
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Allow' }).click();
  await closed;
}

/**
 * Links a Zoom account on 通知・連携 unless the signed-in user already has one (the journeys pass
 * alone and in any order). Says whether it linked one here, and which Zoom e-mail is linked.
 */
export async function ensureZoomConnected(
  page: Page,
  accountEmail: string,
): Promise<{ linkedHere: boolean; email: string }> {
  const zoom = page.getByRole('group', { name: 'Zoom Meeting' });
  const connected = zoom.getByText('連携済み');
  const connect = zoom.getByRole('button', { name: 'Zoom アカウントを連携' });
  await expect(connected.or(connect)).toBeVisible();
  const linkedHere = await connect.isVisible();
  if (linkedHere) {
    await connectZoomInPopup(page, accountEmail);
    await expect(connected).toBeVisible();
  }
  const email = (await zoom.textContent())?.match(/[\w.+-]+@[\w.-]+\.[a-z]+/)?.[0];
  if (!email) throw new Error('no Zoom e-mail shown for the linked account');
  return { linkedHere, email };
}

/** A service's row on 通知・連携 (`Zoom Meeting`, `Google カレンダー`, `Outlook 予定表`). */
export function integrationRow(page: Page, service: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: service }) });
}

/**
 * Links Google Calendar on 通知・連携 through the emulator's popup unless the signed-in user
 * already has it (the journeys pass alone and in any order); answers the Google row.
 */
export async function ensureGoogleConnected(page: Page, accountEmail: string): Promise<Locator> {
  const googleRow = integrationRow(page, 'Google カレンダー');
  const connect = googleRow.getByRole('button', { name: 'Google カレンダーを連携' });
  await expect(connect.or(googleRow.getByText('連携済み'))).toBeVisible();
  if (await connect.isVisible()) {
    const popupOpened = page.waitForEvent('popup');
    await connect.click();
    const popup = await popupOpened;
    await popup.waitForURL(/\/google\/o\/oauth2\/v2\/auth/);
    await popup.getByLabel(accountEmail, { exact: false }).check();
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closed;
  }
  await expect(googleRow.getByText('連携済み')).toBeVisible();
  return googleRow;
}

/**
 * Signs in to Microsoft 365 in the emulator's popup, opened by `button` (連携, 連携をやり直す…):
 * picks the account on the consent page and accepts; returns once the BFF's callback page has
 * posted the result and closed itself (also when the tenant refused: admin consent required).
 */
export async function connectOutlookInPopup(
  page: Page,
  button: Locator,
  accountMail: string,
): Promise<void> {
  const popupOpened = page.waitForEvent('popup');
  await button.click();
  const popup = await popupOpened;
  await popup.waitForURL(/\/microsoft\/[^/]+\/oauth2\/v2\.0\/authorize/);
  await popup.getByLabel(accountMail, { exact: false }).check();
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: '承諾 / Accept' }).click();
  await closed;
}

/** The Zoom meeting id in a join URL (`…/zoom/j/<id>?pwd=…`). */
export function meetingIdOf(joinUrl: string): string {
  const id = new URL(joinUrl).pathname.split('/').pop();
  if (!id) throw new Error(`no meeting id in ${joinUrl}`);
  return id;
}

/** The calendar date in Japan `days` from now, `YYYY-MM-DD`. */
export function tokyoDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}
