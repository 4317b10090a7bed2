import { expect, type Page, test } from '@playwright/test';
import { emulatorAdminUrl } from './stack';
import { connectZoomInPopup } from './zoom-popup';

/** The Zoom part of 通知・連携 (the Google Calendar link beside it has the same status words). */
const zoomLink = (page: Page) => page.getByRole('group', { name: 'Zoom Meeting' });

async function connectThroughPopup(page: Page, buttonName: string, accountEmail: string) {
  await connectZoomInPopup(page, accountEmail, {
    buttonName,
    // A person takes a moment on Zoom's consent page: meanwhile the host page must keep waiting
    // (a severed opener link would make it give up and ask 未完了 here).
    onConsentPage: async () => {
      await page.waitForTimeout(1500);
      await expect(zoomLink(page).getByText('連携中')).toBeVisible();
    },
  });
}

test('a recruiter connects a personal Zoom account in the popup and sees 連携済み with its e-mail', async ({
  page,
}) => {
  await page.goto('/?user=acme-recruiter');
  await expect(page.getByRole('heading', { name: '通知・連携' })).toBeVisible();
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();

  await connectThroughPopup(page, 'Zoom アカウントを連携', 'haruka.sato@example.com');

  await expect(zoomLink(page).getByText('連携済み')).toBeVisible();
  await expect(page.getByText('haruka.sato@example.com')).toBeVisible();

  // The link survives a reload: it is the BFF's record, not the page's state.
  await page.reload();
  await expect(page.getByText('haruka.sato@example.com')).toBeVisible();

  await page.getByRole('button', { name: '連携解除' }).click();
  await page.getByRole('button', { name: '解除する' }).click();
  await expect(zoomLink(page).getByText('未連携')).toBeVisible();
});

test('a company member waits for pre-approval, the Zoom admin approves, then 連携 connects', async ({
  page,
  browser,
}) => {
  await page.goto('/?user=acme-interviewer');
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Zoom アカウントを連携' }).click();
  const popup = await popupOpened;
  await popup.getByLabel('yui.nakamura@globex.example', { exact: false }).check();
  await popup.getByRole('button', { name: 'Allow' }).click();
  await expect(
    popup.getByRole('heading', { name: 'This app requires pre-approval' }),
  ).toBeVisible();
  await popup.getByRole('button', { name: 'Request pre-approval' }).click();
  // Close once Zoom has answered, as a person would: closing mid-navigation can stall Chromium.
  await expect(popup.getByRole('heading', { name: 'Pre-approval requested' })).toBeVisible();
  await popup.close();

  // Zoom sends nothing back: the page asks, and keeps the answer.
  await zoomLink(page)
    .getByRole('button', { name: 'Zoom の管理者に事前承認をリクエストした' })
    .click();
  await expect(zoomLink(page).getByText('承認待ち')).toBeVisible();

  // The Zoom admin is another person in another browser.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(emulatorAdminUrl);
  await admin
    .getByRole('button', { name: /^Approve/ })
    .first()
    .click();
  await adminContext.close();

  await connectThroughPopup(page, 'Zoom アカウントを連携', 'yui.nakamura@globex.example');
  await expect(zoomLink(page).getByText('連携済み')).toBeVisible();
  // Connecting ended the wait.
  await page.reload();
  await expect(zoomLink(page).getByText('連携済み')).toBeVisible();
  await expect(page.getByText('yui.nakamura@globex.example')).toBeVisible();
});

test('when a coordinator links the Zoom account the recruiter holds, the link moves and both see it', async ({
  page,
}) => {
  await page.goto('/?user=acme-recruiter-2');
  await connectThroughPopup(page, 'Zoom アカウントを連携', 'kenji.ito@example.net');
  await expect(page.getByText('kenji.ito@example.net')).toBeVisible();

  await page
    .getByRole('combobox', { name: 'ログイン中のユーザー' })
    .selectOption('acme-coordinator');
  await connectThroughPopup(page, 'Zoom アカウントを連携', 'kenji.ito@example.net');
  await expect(zoomLink(page).getByText('連携済み')).toBeVisible();
  await expect(page.getByText(/木村 直子 さんの ATS アカウントから移されました/)).toBeVisible();

  await page
    .getByRole('combobox', { name: 'ログイン中のユーザー' })
    .selectOption('acme-recruiter-2');
  await expect(zoomLink(page).getByText('要再連携')).toBeVisible();
  await expect(page.getByText(/佐藤 花子 さんの ATS アカウントに連携し直されました/)).toBeVisible();
});
