import { expect, test } from '@playwright/test';
import { emulatorAdminUrl, emulatorGoogleCalendarUrl } from './stack';
import { ensureGoogleConnected, ensureZoomConnected, meetingIdOf, tokyoDateIn } from './zoom-popup';

// globex's coordinator schedules 清水 陽太, whom no other journey uses, on the Google Calendar of
// yui.ito@acme-hr.example, which no other journey links.
test('after the host moves the meeting in Zoom, the recruiter sees both times and chooses: Zoom’s time, then the interview’s; then the passcode changes at Zoom; interview, Zoom and Google agree each time', async ({
  page,
  browser,
}) => {
  const googleAccount = 'yui.ito@acme-hr.example';
  const date = tokyoDateIn(6);
  const shownDate = date.replaceAll('-', '/');

  await page.goto('/?user=globex-coordinator#/integrations');
  const { email: zoomEmail } = await ensureZoomConnected(page, 'haruka.sato@example.com');
  await ensureGoogleConnected(page, googleAccount);

  // Saved with 予定を登録 at 13:00-13:30 Japan time (04:00Z).
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await page.getByRole('link', { name: '清水 陽太 さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(date);
  await page.getByLabel('開始時刻').fill('13:00');
  await page.getByLabel('所要時間').selectOption('30');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page.getByRole('option', { name: new RegExp(zoomEmail.replaceAll('.', '\\.')) }).click();
  await page.getByRole('checkbox', { name: '予定を登録（Google カレンダー）' }).check();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('tab', { name: '面接・評価' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  const joinUrl = (await joinLink.getAttribute('href')) ?? '';
  const meetingId = meetingIdOf(joinUrl);
  await expect(page.getByText('Google カレンダーに登録済み')).toBeVisible();
  const link = page.getByRole('group', { name: 'Zoom ミーティング' });
  const schedule = page.locator('.demo-summary');

  // Zoom itself, on the emulator's admin page, and Google's calendar view, in another browser.
  const otherContext = await browser.newContext();
  const admin = await otherContext.newPage();
  await admin.goto(emulatorAdminUrl);
  const zoomRow = admin
    .getByRole('region', { name: 'Meetings' })
    .getByRole('row')
    .filter({ has: admin.getByRole('cell', { name: meetingId, exact: true }) });
  const calendar = await otherContext.newPage();
  await calendar.goto(`${emulatorGoogleCalendarUrl}?user=${encodeURIComponent(googleAccount)}`);
  const eventRow = calendar
    .getByRole('table', { name: `Events of ${googleAccount}` })
    .getByRole('row')
    .filter({ hasText: '清水 陽太' });
  await expect(eventRow).toHaveCount(1);
  await expect(eventRow).toContainText('13:00');

  /** The host changes the meeting's start in Zoom's web portal (a signed meeting.updated). */
  const moveInZoom = async (utcStart: string) => {
    await admin.reload();
    await zoomRow.getByLabel(/^Start of /).fill(utcStart);
    await zoomRow.getByRole('button', { name: /^Save .*\(send meeting\.updated\)$/ }).click();
    await expect(admin.getByRole('status')).toContainText('meeting.updated sent');
    await expect(zoomRow).toContainText(utcStart);
  };

  /**
   * On 面接・評価 (after a reload, or on the page left open, which reads the meeting again): both
   * times in words, the URL working, nothing called broken.
   */
  const expectMismatch = async (interview: string, zoom: string, reload: boolean) => {
    if (reload) {
      await page.reload();
      await page.getByRole('tab', { name: '面接・評価' }).click();
    }
    await expect(link).toHaveAttribute('data-state', 'mismatch', { timeout: 15_000 });
    const warning = link.getByRole('alert');
    await expect(warning).toContainText('日時が一致しません');
    await expect(warning).toContainText(`面接: ${shownDate} ${interview}`);
    await expect(warning).toContainText(`Zoom: ${shownDate} ${zoom}`);
    await expect(page.getByText('URL が無効です')).toHaveCount(0);
    await expect(link.getByRole('button', { name: 'URL を再発行' })).toHaveCount(0);
    await expect(joinLink).toHaveAttribute('href', joinUrl);
  };

  // 1. Moved to 16:00 in Zoom; the recruiter takes Zoom's time.
  await moveInZoom(`${date}T07:00:00Z`);
  await expectMismatch('13:00〜13:30', '16:00〜16:30', true);
  await link.getByRole('button', { name: 'Zoom の日時に合わせる（面接を変更）' }).click();
  await expect(link.getByRole('status')).toHaveText('面接の日時を Zoom の日時に合わせました。');
  await expect(link).toHaveAttribute('data-state', 'active');
  await expect(link.getByText(`日時: ${shownDate} 16:00〜16:30`)).toBeVisible();
  await expect(schedule).toContainText(`${shownDate} 16:00`);
  await page.reload();
  await expect(schedule).toContainText(`${shownDate} 16:00`);
  await admin.reload();
  await expect(zoomRow).toContainText(`${date}T07:00:00Z (30 min`);
  await calendar.reload();
  await expect(eventRow).toHaveCount(1);
  await expect(eventRow).toContainText('16:00');
  await expect(eventRow).toContainText(joinUrl);

  // 2. Moved to 18:00 in Zoom while 面接・評価 stays open (no reload); the recruiter keeps the
  // interview's time: Zoom goes back.
  await page.getByRole('tab', { name: '面接・評価' }).click();
  await expect(link).toHaveAttribute('data-state', 'active');
  await moveInZoom(`${date}T09:00:00Z`);
  await expectMismatch('16:00〜16:30', '18:00〜18:30', false);
  await link.getByRole('button', { name: '面接の日時に合わせる（Zoom を戻す）' }).click();
  await expect(link.getByRole('status')).toHaveText(
    'Zoom のミーティングを面接の日時に戻しました。',
  );
  await expect(link).toHaveAttribute('data-state', 'active');
  await expect(link.getByText(`日時: ${shownDate} 16:00〜16:30`)).toBeVisible();
  await page.reload();
  await expect(schedule).toContainText(`${shownDate} 16:00`);
  await admin.reload();
  await expect(zoomRow).toContainText(`${date}T07:00:00Z (30 min`);
  await calendar.reload();
  await expect(eventRow).toHaveCount(1);
  await expect(eventRow).toContainText('16:00');
  await expect(eventRow).not.toContainText('18:00');

  // 3. The host changes the passcode in Zoom: the join URL changes with it. The open page and the
  // Google event take the URL that works now.
  await admin.reload();
  await zoomRow.getByLabel(/^Passcode of /).fill('Nw7k2Qp9');
  await zoomRow.getByRole('button', { name: /^Save .*\(send meeting\.updated\)$/ }).click();
  await expect(admin.getByRole('status')).toContainText('meeting.updated sent');
  const newLink = link.getByRole('link', { name: /\/zoom\/j\// });
  await expect(newLink).not.toHaveAttribute('href', joinUrl, { timeout: 15_000 });
  const newUrl = (await newLink.getAttribute('href')) ?? '';
  expect(meetingIdOf(newUrl)).toBe(meetingId);
  await expect(async () => {
    await calendar.reload();
    await expect(eventRow).toContainText(newUrl, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(link).toHaveAttribute('data-state', 'active');
  await otherContext.close();
});
