import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { emulatorMicrosoftAdminUrl, emulatorOutlookCalendarUrl } from './stack';
import {
  connectOutlookInPopup,
  ensureZoomConnected,
  integrationRow,
  tokyoDateIn,
} from './zoom-popup';

/** The Outlook row on 通知・連携 and its two states the journeys start from. */
function outlookRow(page: Page) {
  const row = integrationRow(page, 'Outlook 予定表');
  return {
    row,
    connect: row.getByRole('button', { name: 'Outlook 予定表を連携' }),
    connected: row.getByText('連携済み'),
  };
}

/** The emulator's Outlook view of one mailbox, in a browser of its own. */
async function openOutlookView(browser: Browser, mail: string) {
  const context = await browser.newContext();
  const view = await context.newPage();
  await view.goto(`${emulatorOutlookCalendarUrl}?user=${encodeURIComponent(mail)}`);
  return { context, view };
}

/** Reloads the view until `check` holds: the BFF writes to Outlook through its outbox. */
async function expectInView(view: Page, check: () => Promise<void>) {
  await expect(async () => {
    await view.reload();
    await check();
  }).toPass({ timeout: 15_000 });
}

// acme's coordinator and acme's fourth candidate: no other journey schedules 森 悠人's interview.
test('a coordinator connects Outlook, schedules with 予定を登録 on Outlook, sees the event with the Zoom URL in Outlook, reschedules and cancels it', async ({
  page,
  browser,
}) => {
  const outlookAccount = 'hanako.sato@contoso-hr.example';
  await page.goto('/?user=acme-coordinator#/integrations');
  const { email: zoomEmail } = await ensureZoomConnected(page, 'daniel.moore@acme.example');

  // Connect Outlook in its popup with a contoso account (its users may consent themselves).
  const outlook = outlookRow(page);
  await expect(outlook.connect.or(outlook.connected)).toBeVisible();
  if (await outlook.connect.isVisible()) {
    await connectOutlookInPopup(page, outlook.connect, outlookAccount);
  }
  await expect(outlook.connected).toBeVisible();
  await expect(outlook.row.getByText(outlookAccount)).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'エミュレーターの Outlook 予定表を開く' }),
  ).toHaveAttribute('href', emulatorOutlookCalendarUrl);

  // Schedule 森 悠人's interview with 予定を登録 on Outlook and an interviewer as attendee.
  const date = tokyoDateIn(6);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await page.getByRole('link', { name: '森 悠人 さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(date);
  await page.getByLabel('開始時刻').fill('11:00');
  await page.getByLabel('所要時間').selectOption('30');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page
    .getByRole('option', { name: new RegExp(`佐藤 花子.*${zoomEmail.replaceAll('.', '\\.')}`) })
    .click();
  await page.getByRole('checkbox', { name: /^予定を登録/ }).check();
  await page
    .getByRole('group', { name: '登録先のカレンダー' })
    .getByRole('radio', { name: `Outlook 予定表（${outlookAccount}）` })
    .check();
  await expect(page.getByRole('checkbox', { name: '予定を登録（Outlook 予定表）' })).toBeChecked();
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
  await expect(page.getByText('Outlook 予定表に登録済み')).toBeVisible();

  // The event, as Outlook holds it, on the emulator's Outlook view (another browser).
  const { context, view } = await openOutlookView(browser, outlookAccount);
  const events = view.getByRole('table', { name: `Events of ${outlookAccount}` });
  const eventRow: Locator = events.getByRole('row').filter({ hasText: '森 悠人' });
  await expectInView(view, async () => {
    await expect(eventRow).toHaveCount(1);
    await expect(eventRow).toContainText(joinUrl);
    await expect(eventRow).toContainText('suzuki@acme-hr.example');
    await expect(eventRow).toContainText(`${date} 11:00`);
  });

  // Reschedule: the same event moves.
  await page.getByRole('button', { name: '日時を変更' }).click();
  await page.getByLabel('開始時刻').fill('13:00');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('日時を変更しました。URL は変わりません。')).toBeVisible();
  await expectInView(view, async () => {
    await expect(eventRow).toHaveCount(1);
    await expect(eventRow).toContainText(`${date} 13:00`);
    await expect(eventRow).toContainText(joinUrl);
  });

  // Cancel: the event is gone from Outlook.
  await page.getByRole('button', { name: '面接を取り消す' }).click();
  await page.getByRole('button', { name: '取り消す', exact: true }).click();
  await expect(page.getByText('面接を取り消しました。')).toBeVisible();
  await expectInView(view, async () => {
    await expect(eventRow).toHaveCount(0);
  });
  await context.close();
});

// acme's second recruiter: no other journey links Outlook for them.
test('a user of a Microsoft 365 tenant that requires admin consent sees what to ask the admin for, and connects once the admin granted it', async ({
  page,
  browser,
}) => {
  const fabrikamAccount = 'taro.yamada@fabrikam.example';
  // Start from fabrikam without admin consent (a rerun on the same stack finds it granted).
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(emulatorMicrosoftAdminUrl);
  const fabrikam = admin.getByRole('row').filter({ hasText: 'fabrikam.example' });
  const revoke = fabrikam.getByRole('button', { name: /Revoke admin consent/ });
  if (await revoke.isVisible()) await revoke.click();
  await expect(fabrikam).toContainText('未承認 / not granted');

  await page.goto('/?user=acme-recruiter-2#/integrations');
  const outlook = outlookRow(page);
  await expect(outlook.connect.or(outlook.connected)).toBeVisible();
  if (await outlook.connected.isVisible()) {
    await outlook.row.getByRole('button', { name: '連携解除' }).click();
    await outlook.row.getByRole('button', { name: '解除する' }).click();
  }

  // The tenant lets only its admin consent: the button explains it and what to ask for.
  await connectOutlookInPopup(page, outlook.connect, fabrikamAccount);
  await expect(outlook.row.getByRole('status')).toHaveText('管理者の承認待ち');
  const explanation = outlook.row.getByRole('alert');
  await expect(explanation).toContainText('管理者の承認（同意）が必要');
  await expect(explanation).toContainText('Calendars.ReadWrite');
  const retry = outlook.row.getByRole('button', { name: 'Outlook 予定表の連携をやり直す' });
  await expect(retry).toBeFocused();

  // The admin grants consent for the organization on the emulator's admin page.
  await fabrikam.getByRole('button', { name: /Grant admin consent/ }).click();
  await expect(fabrikam).toContainText('承認済み / granted');
  await adminContext.close();

  // 連携をやり直す now connects.
  await connectOutlookInPopup(page, retry, fabrikamAccount);
  await expect(outlook.connected).toBeVisible();
  await expect(outlook.row.getByText(fabrikamAccount)).toBeVisible();
  await expect(outlook.row.getByRole('alert')).toHaveCount(0);
});
