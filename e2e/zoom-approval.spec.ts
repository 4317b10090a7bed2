import { expect, type Page, test } from '@playwright/test';

/**
 * A company (managed) Zoom account whose admin has not pre-approved the app: Zoom shows its
 * pre-approval page and never redirects back, so the page cannot know what happened in Zoom's
 * window. It says what to do there, asks when the window closes without a result, and keeps
 * 承認待ち (at the BFF) across reloads until the user connects or withdraws it. `hooli` is
 * approved by no journey, and globex's interviewer links no Zoom account elsewhere, so these
 * pass alone and in any order.
 */

const zoomLink = (page: Page) => page.getByRole('group', { name: 'Zoom Meeting' });
const companyAccount = 'sora.kimura@hooli.example';

async function openZoomPopup(page: Page) {
  const popupOpened = page.waitForEvent('popup');
  await zoomLink(page).getByRole('button', { name: 'Zoom アカウントを連携' }).click();
  const popup = await popupOpened;
  await popup.waitForURL(/\/zoom\/oauth\/authorize/);
  return popup;
}

test('a company member requests pre-approval on Zoom’s page, closes it and says so: 承認待ち survives a reload until withdrawn', async ({
  page,
}) => {
  await page.goto('/?user=globex-interviewer#/integrations');
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();

  const popup = await openZoomPopup(page);
  // While Zoom's window is open, the page says what to do on a pre-approval page.
  await expect(zoomLink(page).getByText('連携中')).toBeVisible();
  await expect(
    zoomLink(page).getByText(
      /その画面で「事前承認をリクエスト」（Request pre-approval）を押してから/,
    ),
  ).toBeVisible();

  await popup.getByLabel(companyAccount, { exact: false }).check();
  await popup.getByRole('button', { name: 'Allow' }).click();
  await expect(
    popup.getByRole('heading', { name: 'This app requires pre-approval' }),
  ).toBeVisible();
  await popup.getByRole('button', { name: 'Request pre-approval' }).click();
  // Close once Zoom has answered, as a person would: closing mid-navigation can stall Chromium.
  await expect(popup.getByRole('heading', { name: 'Pre-approval requested' })).toBeVisible();
  await expect(zoomLink(page).getByText('連携中')).toBeVisible();
  await popup.close();

  // Zoom sent nothing back: the page asks instead of guessing.
  await expect(zoomLink(page).getByText('未完了')).toBeVisible();
  await expect(zoomLink(page).getByText('承認待ち')).toHaveCount(0);
  await zoomLink(page)
    .getByRole('button', { name: 'Zoom の管理者に事前承認をリクエストした' })
    .click();

  await expect(zoomLink(page).getByText('承認待ち')).toBeVisible();
  const today = new Date().toLocaleDateString('ja', { timeZone: 'Asia/Tokyo' });
  await expect(
    zoomLink(page).getByText(`${today} に Zoom の管理者へ`, { exact: false }),
  ).toBeVisible();

  // The wait is the BFF's record, not the page's state.
  await page.reload();
  await expect(zoomLink(page).getByText('承認待ち')).toBeVisible();
  await expect(zoomLink(page).getByRole('button', { name: 'Zoom アカウントを連携' })).toBeVisible();

  // Giving up: back to 未連携, also after a reload.
  await zoomLink(page).getByRole('button', { name: '事前承認の待機を取り下げる' }).click();
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();
  await page.reload();
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();
  await expect(zoomLink(page).getByText('承認待ち')).toHaveCount(0);
});

test('closing Zoom’s window without doing anything is not 承認待ち', async ({ page }) => {
  await page.goto('/?user=globex-interviewer#/integrations');
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();

  const popup = await openZoomPopup(page);
  await expect(popup.getByRole('button', { name: 'Allow' })).toBeVisible();
  await popup.close();

  await expect(zoomLink(page).getByText('未完了')).toBeVisible();
  await expect(
    zoomLink(page).getByText('Zoom の連携は完了していません', { exact: false }),
  ).toBeVisible();
  await expect(zoomLink(page).getByText('承認待ち')).toHaveCount(0);
  await expect(zoomLink(page).getByText(/管理者が承認したら/)).toHaveCount(0);

  await zoomLink(page).getByRole('button', { name: 'Zoom の連携をキャンセル' }).click();
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();
  await page.reload();
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();
  await expect(zoomLink(page).getByText('承認待ち')).toHaveCount(0);
});
