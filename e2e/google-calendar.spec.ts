import { expect, test } from '@playwright/test';
import { emulatorGoogleCalendarUrl } from './stack';
import { ensureZoomConnected, integrationRow, tokyoDateIn } from './zoom-popup';

// acme's coordinator and acme's candidates: no other journey schedules these interviews.
test('a coordinator connects Google, schedules with 予定を登録, sees the event with the Zoom URL, reschedules and cancels it', async ({
  page,
  browser,
}) => {
  const googleAccount = 'aiko.tanaka@acme-hr.example';
  await page.goto('/?user=acme-coordinator#/integrations');
  const { email: zoomEmail } = await ensureZoomConnected(page, 'daniel.moore@acme.example');

  // Connect Google Calendar in its popup.
  const googleRow = integrationRow(page, 'Google カレンダー');
  const popupOpened = page.waitForEvent('popup');
  await googleRow.getByRole('button', { name: 'Google カレンダーを連携' }).click();
  const popup = await popupOpened;
  await popup.waitForURL(/\/google\/o\/oauth2\/v2\/auth/);
  await popup.getByLabel(googleAccount, { exact: false }).check();
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Allow' }).click();
  await closed;
  await expect(googleRow.getByText('連携済み')).toBeVisible();
  await expect(googleRow.getByText(googleAccount)).toBeVisible();

  // Schedule 小林 結衣's interview with 予定を登録 and an interviewer as attendee.
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await page.getByRole('link', { name: '小林 結衣 さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(tokyoDateIn(4));
  await page.getByLabel('開始時刻').fill('15:00');
  await page.getByLabel('所要時間').selectOption('45');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  // The coordinator's own link (another user may show the same account as moved, disabled).
  await page
    .getByRole('option', { name: new RegExp(`佐藤 花子.*${zoomEmail.replaceAll('.', '\\.')}`) })
    .click();
  await page.getByRole('checkbox', { name: '予定を登録（Google カレンダー）' }).check();
  await page
    .getByRole('group', { name: '面接官', exact: true })
    .getByRole('checkbox', { name: /鈴木 一郎/ })
    .check();
  await page.getByRole('button', { name: '保存' }).click();

  await expect(page.getByRole('tab', { name: '面接・評価' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  const joinUrl = (await joinLink.getAttribute('href')) ?? '';
  expect(joinUrl).toMatch(/\/zoom\/j\//);
  await expect(page.getByText('Google カレンダーに登録済み')).toBeVisible();

  // The event, as Google holds it, on the emulator's calendar page (another browser).
  const viewContext = await browser.newContext();
  const view = await viewContext.newPage();
  await view.goto(`${emulatorGoogleCalendarUrl}?user=${encodeURIComponent(googleAccount)}`);
  const events = view.getByRole('table', { name: `Events of ${googleAccount}` });
  const eventRow = events.getByRole('row').filter({ hasText: '小林 結衣' });
  await expect(eventRow).toHaveCount(1);
  await expect(eventRow).toContainText(joinUrl);
  await expect(eventRow).toContainText('suzuki@acme-hr.example');
  await expect(eventRow).toContainText('15:00');

  // Reschedule: the same event moves.
  await page.getByRole('button', { name: '日時を変更' }).click();
  await page.getByLabel('開始時刻').fill('17:00');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('日時を変更しました。URL は変わりません。')).toBeVisible();
  await view.reload();
  await expect(eventRow).toHaveCount(1);
  await expect(eventRow).toContainText('17:00');
  await expect(eventRow).toContainText(joinUrl);

  // Cancel: the event is gone from the calendar.
  await page.getByRole('button', { name: '面接を取り消す' }).click();
  await page.getByRole('button', { name: '取り消す', exact: true }).click();
  await expect(page.getByText('面接を取り消しました。')).toBeVisible();
  await view.reload();
  await expect(eventRow).toHaveCount(0);
  await viewContext.close();
});
