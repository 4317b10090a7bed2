import { expect, test } from '@playwright/test';
import { emulatorAdminUrl, emulatorGoogleCalendarUrl } from './stack';
import { ensureGoogleConnected, ensureZoomConnected, tokyoDateIn } from './zoom-popup';

// globex's Zoom company does not embed passcodes in join links. Its member is linked in acme by
// acme's interviewer (as the pre-approval journey does, which must therefore run first in a full
// run: this file sorts after it). acme's recruiter schedules 中村 大輔, whom no other journey uses.
test('a host whose company does not embed the passcode: the passcode is shown, goes in the mail and on the Google event', async ({
  page,
  browser,
}) => {
  const zoomAccount = 'yui.nakamura@globex.example';
  const googleAccount = 'kenji.sato@acme-hr.example';

  // The Zoom admin pre-approves globex (a no-op when the pre-approval journey already did).
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(emulatorAdminUrl);
  const approve = admin.getByRole('button', { name: 'Approve globex' });
  if (await approve.isVisible()) await approve.click();
  await adminContext.close();

  await page.goto('/?user=acme-interviewer#/integrations');
  await ensureZoomConnected(page, zoomAccount);
  await expect(page.getByText(zoomAccount)).toBeVisible();

  // acme's recruiter connects Google Calendar, then schedules with 予定を登録.
  await page.goto('/?user=acme-recruiter#/integrations');
  await ensureGoogleConnected(page, googleAccount);

  const mainMenu = page.getByRole('navigation', { name: 'メインメニュー' });
  await mainMenu.getByRole('link', { name: /面接/ }).click();
  await page.getByRole('link', { name: '中村 大輔 さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(tokyoDateIn(5));
  await page.getByLabel('開始時刻').fill('11:00');
  await page.getByLabel('所要時間').selectOption('30');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page.getByRole('option', { name: /yui\.nakamura@globex\.example/ }).click();
  // Join before host: globex forces no passcode, so the BFF adds one, and globex keeps it out of the URL.
  await page.getByRole('checkbox', { name: 'ホストより前の参加を許可' }).check();
  const preview = page.getByRole('region', { name: '候補者に届く内容' });
  await expect(preview).toContainText('必要（URL に含まれず、候補者が入力）');
  await expect(preview).toContainText('このミーティングにはパスコードを付けます（待機室はオフ）');
  await expect(preview).not.toContainText('待機室をオンにします');
  await page.getByRole('checkbox', { name: '予定を登録（Google カレンダー）' }).check();
  await page.getByRole('button', { name: '保存' }).click();

  // 面接・評価: the URL has no passcode, so the passcode itself is shown, with a copy button.
  await expect(page.getByRole('tab', { name: '面接・評価' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  const joinUrl = (await joinLink.getAttribute('href')) ?? '';
  expect(new URL(joinUrl).searchParams.has('pwd')).toBe(false);
  const passcodeLine = page.getByText(/^パスコード: \S+（URL に含まれません/);
  await expect(passcodeLine).toBeVisible();
  const passcode = (await passcodeLine.textContent())?.match(/^パスコード: (\S+?)（/)?.[1] ?? '';
  expect(passcode).toMatch(/^[A-Za-z0-9@\-_*]{6,10}$/);
  await expect(page.getByRole('button', { name: 'パスコードをコピー' })).toBeVisible();
  await expect(page.getByText('Google カレンダーに登録済み')).toBeVisible();

  // The Google event, as Google holds it, names the passcode.
  const viewContext = await browser.newContext();
  const view = await viewContext.newPage();
  await view.goto(`${emulatorGoogleCalendarUrl}?user=${encodeURIComponent(googleAccount)}`);
  const events = view.getByRole('table', { name: `Events of ${googleAccount}` });
  const eventRow = events.getByRole('row').filter({ hasText: '中村 大輔' });
  await expect(eventRow).toHaveCount(1);
  await expect(eventRow).toContainText(joinUrl);
  await expect(eventRow).toContainText(`パスコード / Passcode: ${passcode}`);
  await viewContext.close();

  // メール: the passcode variable renders the same passcode.
  await mainMenu.getByRole('link', { name: 'メール' }).click();
  await page.getByLabel('候補者').selectOption({ label: '中村 大輔（プロダクトデザイナー）' });
  const body = page.getByRole('textbox', { name: '本文' });
  await body.fill('パスコード: ');
  await page
    .getByRole('group', { name: '本文' })
    .getByRole('button', { name: '変数を挿入' })
    .click();
  const passcodeItem = page.getByRole('menuitem', { name: /^次のWeb面接・面談のパスコード/ });
  await expect(passcodeItem).not.toHaveAttribute('aria-disabled', 'true');
  await passcodeItem.click();
  await expect(body).toHaveValue('パスコード: {{次のWeb面接・面談のパスコード}}');
  await expect(page.getByRole('region', { name: 'プレビュー' })).toContainText(
    `パスコード: ${passcode}`,
  );
});
