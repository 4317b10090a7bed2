import { expect, type Page, test } from '@playwright/test';
import { emulatorAdminUrl } from './stack';
import { connectZoomInPopup, meetingIdOf, tokyoDateIn } from './zoom-popup';

async function connectThroughPopup(page: Page, accountEmail: string) {
  await connectZoomInPopup(page, accountEmail);
  await expect(page.getByText(accountEmail)).toBeVisible();
}

// The emulator seeds aiko's busy meeting tomorrow 10:00-11:00 JST.
// globex: the connect journeys use the acme users, so this tenant starts with no Zoom link.
test('a coordinator schedules a Zoom interview with a busy host shown, reschedules, changes host and cancels it', async ({
  page,
  browser,
}) => {
  await page.goto('/?user=globex-recruiter#/integrations');
  await connectThroughPopup(page, 'aiko.tanaka@acme.example');
  const userSwitcher = page.getByRole('combobox', { name: 'ログイン中のユーザー' });
  await userSwitcher.selectOption('globex-coordinator');
  await connectThroughPopup(page, 'haruka.sato@example.com');

  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '面接' })).toBeVisible();
  await page.getByRole('link', { name: '松本 蓮 さんの面接を開く' }).click();
  await expect(page.getByRole('tab', { name: '面接設定' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // 10:30-11:30 overlaps aiko's seeded 10:00-11:00 meeting.
  await page.getByLabel('日付').fill(tokyoDateIn(1));
  await page.getByLabel('開始時刻').fill('10:30');
  await page.getByLabel('所要時間').selectOption('60');
  await expect(page.getByRole('radio', { name: 'Zoom Meeting' })).toBeChecked();
  const hostPicker = page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
  await hostPicker.click();
  const aikoOption = page.getByRole('option', { name: /aiko\.tanaka@acme\.example/ });
  const harukaOption = page.getByRole('option', { name: /haruka\.sato@example\.com/ });
  await expect(aikoOption).toContainText('予定あり');
  await expect(aikoOption).toContainText('10:00');
  await expect(harukaOption).not.toContainText('予定あり');
  await harukaOption.click();
  await page.getByRole('checkbox', { name: 'ホストより前の参加を許可' }).check();
  const preview = page.getByRole('region', { name: '候補者に届く内容' });
  await expect(preview).toContainText('URL に埋め込み');
  await page.getByRole('button', { name: '保存' }).click();

  // Saved: the interview's 面接・評価 tab shows the URL with the passcode in it.
  await expect(page.getByRole('tab', { name: '面接・評価' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  await expect(joinLink).toHaveAttribute('href', /pwd=/);
  const firstUrl = (await joinLink.getAttribute('href')) ?? '';
  await expect(page.getByText('ホスト: 高橋 美咲（haruka.sato@example.com）')).toBeVisible();

  // Reschedule: the same meeting moves, the URL stays.
  await page.getByRole('button', { name: '日時を変更' }).click();
  await page.getByLabel('開始時刻').fill('14:00');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('日時を変更しました。URL は変わりません。')).toBeVisible();
  await expect(page.getByText(/14:00〜15:00/)).toBeVisible();
  await expect(joinLink).toHaveAttribute('href', firstUrl);

  // Change host: a new meeting under aiko, a new URL (passcode embedded: acme locks it).
  await page.getByRole('button', { name: 'ホストを変更' }).click();
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page.getByRole('option', { name: /aiko\.tanaka@acme\.example/ }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(
    page.getByText('ホストを変更しました。新しい URL を候補者に送ってください。'),
  ).toBeVisible();
  await expect(page.getByText('ホスト: 田中 次郎（aiko.tanaka@acme.example）')).toBeVisible();
  await expect(joinLink).not.toHaveAttribute('href', firstUrl);
  await expect(joinLink).toHaveAttribute('href', /pwd=/);
  const secondUrl = (await joinLink.getAttribute('href')) ?? '';

  // What Zoom itself holds, seen on the emulator's admin page in a separate browser.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(emulatorAdminUrl);
  const meetings = admin.getByRole('region', { name: 'Meetings' });
  await expect(
    meetings.getByRole('cell', { name: meetingIdOf(secondUrl), exact: true }),
  ).toHaveCount(1);
  await expect(
    meetings.getByRole('cell', { name: meetingIdOf(firstUrl), exact: true }),
  ).toHaveCount(0);

  // An interviewer sees the tab, read-only.
  await userSwitcher.selectOption('globex-interviewer');
  await expect(
    page.getByText('面接官の権限では Zoom ミーティングの詳細を表示・変更できません', {
      exact: false,
    }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: '面接を取り消す' })).toHaveCount(0);

  // The host deletes the meeting in Zoom: the list says so in words instead of 設定済み.
  const secondId = meetingIdOf(secondUrl);
  await meetings
    .getByRole('button', {
      name: new RegExp(`^Delete .* \\(${secondId}\\) \\(send meeting\\.deleted\\)$`),
    })
    .click();
  await expect(meetings.getByRole('cell', { name: secondId, exact: true })).toHaveCount(0);
  await userSwitcher.selectOption('globex-coordinator');
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  const row = page.getByRole('row', { name: /松本 蓮/ });
  await expect(row).toContainText('要再発行');
  await expect(row).toContainText('URL が無効です（Zoom 側で削除されました）');
  await expect(row).not.toContainText('設定済み');

  // The broken interview is cancelled directly: recorded, the row deleted, never "not issued yet".
  await page.getByRole('link', { name: '松本 蓮 さんの面接を開く' }).click();
  await page.getByRole('tab', { name: '面接・評価' }).click();
  await expect(page.getByText('URL が無効です', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '面接を取り消す' }).click();
  await page.getByRole('button', { name: '取り消す', exact: true }).click();
  await expect(page.getByText('面接を取り消しました。')).toBeVisible();
  await expect(page.getByText('この面接は取り消されたため、Zoom URL はありません。')).toBeVisible();
  await expect(joinLink).toHaveCount(0);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await expect(row).toContainText('取り消し済み');
  await expect(row).not.toContainText('要再発行');
  await adminContext.close();
});
