import type { Page } from '@playwright/test';

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
