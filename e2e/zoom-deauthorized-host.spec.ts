import { expect, type Page, test } from '@playwright/test';
import { emulatorAdminUrl } from './stack';
import { connectZoomInPopup, ensureZoomConnected, meetingIdOf, tokyoDateIn } from './zoom-popup';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function openInterview(page: Page, candidate: string, tab: '面接設定' | '面接・評価') {
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await page.getByRole('link', { name: `${candidate} さんの面接を開く` }).click();
  await page.getByRole('tab', { name: tab }).click();
}

// The finding of issue 12, defect 3: globex's coordinator (高橋 美咲) hosts 清水 陽太's interview,
// whom no other journey uses; then her Zoom user removes the app at Zoom (the emulator's admin
// page sends app_deauthorized). The globex users may already be linked by earlier journeys.
test('a host removes the app at Zoom: the interview says so, the scheduler is told what works, the host changes, and the old meeting goes when the owner reconnects', async ({
  page,
  browser,
}) => {
  await page.goto('/?user=globex-coordinator#/integrations');
  const { email: ownerZoom } = await ensureZoomConnected(page, 'haruka.sato@example.com');
  await page.goto('/?user=globex-recruiter#/integrations');
  const { email: otherZoom } = await ensureZoomConnected(page, 'aiko.tanaka@acme.example');

  // The recruiter schedules the interview with the coordinator's Zoom account as host.
  await openInterview(page, '清水 陽太', '面接設定');
  await page.getByLabel('日付').fill(tokyoDateIn(6));
  await page.getByLabel('開始時刻').fill('16:00');
  await page.getByLabel('所要時間').selectOption('30');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page.getByRole('option', { name: new RegExp(escaped(ownerZoom)) }).click();
  await page.getByRole('button', { name: '保存' }).click();
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  await expect(joinLink).toBeVisible();
  const firstId = meetingIdOf((await joinLink.getAttribute('href')) ?? '');
  const meetingLink = page.getByRole('group', { name: 'Zoom ミーティング' });
  await expect(meetingLink.getByRole('alert')).toHaveCount(0);
  // The recruiter keeps 面接・評価 open while it happens (no reload: the page reads it again).
  await page.getByRole('tab', { name: '面接・評価' }).click();
  await expect(joinLink).toBeVisible();
  await expect(meetingLink.getByRole('alert')).toHaveCount(0);

  // The coordinator's Zoom user removes the app at Zoom.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(emulatorAdminUrl);
  await admin
    .getByRole('button', { name: `Deauthorize ${ownerZoom} (send app_deauthorized)` })
    .click();
  await admin.goto(emulatorAdminUrl);
  const zoomMeetings = admin.getByRole('region', { name: 'Meetings' });
  await expect(zoomMeetings.getByRole('cell', { name: firstId, exact: true })).toHaveCount(1);

  // The open 面接・評価 says the host's link is gone, naming her, and what still works.
  await expect(meetingLink.getByRole('alert')).toContainText(
    'ホスト（高橋 美咲 さん）の Zoom 連携が Zoom 側で解除されました。',
    { timeout: 15_000 },
  );
  await expect(meetingLink.getByRole('alert')).toContainText(
    '高橋 美咲 さんに Zoom の再連携を依頼してください。',
  );
  await expect(joinLink).toBeVisible();
  // The list says it too.
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await expect(page.getByRole('row', { name: /清水 陽太/ })).toContainText('要ホスト変更');
  await page.getByRole('link', { name: '清水 陽太 さんの面接を開く' }).click();
  await page.getByRole('tab', { name: '面接・評価' }).click();

  // 日時を変更 with the same host: advice for a scheduler, never "press 連携".
  await page.getByRole('button', { name: '日時を変更' }).click();
  await page.getByLabel('開始時刻').fill('17:00');
  await page.getByRole('button', { name: '保存' }).click();
  // Both the form's preview and the save's answer say it.
  const refused = page.getByRole('alert').filter({
    hasText:
      'このホストの Zoom 連携は Zoom 側で解除されたか、認可が切れています。別のホストを選ぶか',
  });
  await expect(refused).toHaveCount(2);
  await expect(page.getByText('「連携」を押してください')).toHaveCount(0);
  await page.getByRole('button', { name: 'やめる' }).click();

  // ホストを変更 works, and the meeting left at Zoom is reported with who must reconnect.
  await page.getByRole('button', { name: 'ホストを変更' }).click();
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page.getByRole('option', { name: new RegExp(escaped(otherZoom)) }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(
    page.getByText('ホストを変更しました。新しい URL を候補者に送ってください。'),
  ).toBeVisible();
  await expect(meetingLink).toContainText(
    `前のホスト（高橋 美咲 さん）の Zoom ミーティング（ID: ${firstId}）を削除できませんでした。高橋 美咲 さんが Zoom を再連携すると削除されます。`,
  );
  await expect(meetingLink.getByRole('alert')).toHaveCount(0);
  const secondId = meetingIdOf((await joinLink.getAttribute('href')) ?? '');
  expect(secondId).not.toBe(firstId);
  await admin.reload();
  await expect(zoomMeetings.getByRole('cell', { name: firstId, exact: true })).toHaveCount(1);

  // The owner's page: 要再連携 with the reason, not 未連携; she connects again.
  await page.goto('/?user=globex-coordinator#/integrations');
  const zoomButton = page.getByRole('group', { name: 'Zoom Meeting' });
  await expect(zoomButton.getByRole('status')).toHaveText('要再連携');
  await expect(zoomButton).toContainText(
    'Zoom 側でこのアプリが削除されたため、連携が解除されました。',
  );
  await expect(zoomButton).not.toContainText('未連携');
  await connectZoomInPopup(page, ownerZoom, { buttonName: 'Zoom アカウントを再連携' });
  await expect(zoomButton.getByRole('status')).toHaveText('連携済み');

  // The meeting left at Zoom is gone there, and the interview no longer reports it.
  await admin.reload();
  await expect(zoomMeetings.getByRole('cell', { name: firstId, exact: true })).toHaveCount(0);
  await expect(zoomMeetings.getByRole('cell', { name: secondId, exact: true })).toHaveCount(1);
  await page.goto('/?user=globex-recruiter#/integrations');
  await openInterview(page, '清水 陽太', '面接・評価');
  await expect(joinLink).toBeVisible();
  await expect(meetingLink).not.toContainText('前のホスト');
  await adminContext.close();
});
