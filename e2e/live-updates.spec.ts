import { type Browser, expect, type Page, test } from '@playwright/test';
import { emulatorAdminUrl } from './stack';
import { connectZoomInPopup, ensureZoomConnected, tokyoDateIn } from './zoom-popup';

// Open pages stay current without a reload: the demo reads the user's links and the shown
// meeting again every 5 s while the page is visible (`refreshIntervalMs`). Nothing here reloads
// a page unless it says so; every change comes from another browser.

/** The Zoom part of 通知・連携. */
const zoomLink = (page: Page) => page.getByRole('group', { name: 'Zoom Meeting' });

/** What the browser would show as failed in the console: error answers and failed requests. */
function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  // A read cancelled by leaving its tab is not a failure (and the console does not log it).
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (!reason.includes('ERR_ABORTED')) failed.push(`${reason} ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') failed.push(`console: ${message.text()}`);
  });
  return failed;
}

/** The emulator's admin page, as the Zoom admin sees it in a browser of their own. */
async function zoomAdmin(browser: Browser) {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await admin.goto(emulatorAdminUrl);
  return { admin, close: () => context.close() };
}

// globex's recruiter schedules 清水 陽太 (the mail journey's candidate without an interview, so
// the meeting is cancelled at the end).
test('a meeting deleted at Zoom shows as broken on the open 面接・評価 page, and an interview without a meeting logs no failed request', async ({
  page,
  browser,
}) => {
  await page.goto('/?user=globex-recruiter#/integrations');
  const { email } = await ensureZoomConnected(page, 'aiko.tanaka@acme.example');

  const failed = failedRequests(page);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await page.getByRole('link', { name: '清水 陽太 さんの面接を開く' }).click();
  await page.getByRole('tab', { name: '面接・評価' }).click();
  await expect(page.getByText('この面接の Zoom URL はまだ発行されていません。')).toBeVisible();
  // Opening an interview without a meeting is an answer (null), not a 404 in the console.
  expect(failed).toEqual([]);

  await page.getByRole('tab', { name: '面接設定' }).click();
  await page.getByLabel('日付').fill(tokyoDateIn(9));
  await page.getByLabel('開始時刻').fill('15:00');
  await page.getByLabel('所要時間').selectOption('30');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  await page.getByRole('option', { name: new RegExp(email.replace(/\./g, '\\.')) }).click();
  await page.getByRole('button', { name: '保存' }).click();
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  await expect(joinLink).toBeVisible();
  const meetingId = new URL((await joinLink.getAttribute('href')) ?? '').pathname.split('/').pop();

  // The host deletes the meeting at Zoom while the recruiter's page stays open.
  const { admin, close } = await zoomAdmin(browser);
  const meetings = admin.getByRole('region', { name: 'Meetings' });
  await meetings
    .getByRole('button', {
      name: new RegExp(`^Delete .* \\(${meetingId}\\) \\(send meeting\\.deleted\\)$`),
    })
    .click();
  await expect(meetings.getByRole('cell', { name: meetingId, exact: true })).toHaveCount(0);
  await close();

  await expect(page.getByText('URL が無効です', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(joinLink).toHaveCount(0);

  // Leave 清水 陽太 without a meeting again: the mail journey counts on it.
  await page.getByRole('button', { name: '面接を取り消す' }).click();
  await page.getByRole('button', { name: '取り消す', exact: true }).click();
  await expect(page.getByText('面接を取り消しました。')).toBeVisible();
});

// acme's second recruiter (木村 直子) and first recruiter (山田 太郎) take turns with daniel's
// company account, which no other journey links when they run in order.
test('when another ATS user links the same Zoom account, the open page shows the move, and the moved-in notice shows once', async ({
  page,
  browser,
}) => {
  const account = 'daniel.moore@acme.example';
  await page.goto('/?user=acme-recruiter-2#/integrations');
  const zoom = zoomLink(page);
  // 未連携 here, or 要再連携 after the connect journey moved this user's link away.
  const connect = zoom.getByRole('button', { name: 'Zoom アカウントを連携' });
  const reconnect = zoom.getByRole('button', { name: 'Zoom アカウントを再連携' });
  await expect(connect.or(reconnect).or(zoom.getByText('連携済み'))).toBeVisible();
  if (!(await zoom.getByText(account).isVisible())) {
    const buttonName = (await connect.isVisible())
      ? 'Zoom アカウントを連携'
      : 'Zoom アカウントを再連携';
    await connectZoomInPopup(page, account, { buttonName });
  }
  await expect(zoom.getByText('連携済み')).toBeVisible();
  await expect(zoom.getByText(account)).toBeVisible();

  // Another ATS user, in a browser of their own, links the same Zoom account.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await other.goto('/?user=acme-recruiter#/integrations');
  const otherZoom = zoomLink(other);
  await expect(
    otherZoom
      .getByRole('button', { name: 'Zoom アカウントを連携' })
      .or(otherZoom.getByText('連携済み')),
  ).toBeVisible();
  if (await otherZoom.getByText('連携済み').isVisible()) {
    await other.getByRole('button', { name: '連携解除' }).click();
    await other.getByRole('button', { name: '解除する' }).click();
  }
  await connectZoomInPopup(other, account);
  const notice = otherZoom.getByText(
    'この Zoom アカウントは 木村 直子 さんの ATS アカウントから移されました。',
    {
      exact: false,
    },
  );
  await expect(otherZoom.getByText('連携済み')).toBeVisible();
  await expect(notice).toBeVisible();

  // The first user's page, open all along, shows the move without a reload.
  await expect(zoom.getByText('要再連携')).toBeVisible({ timeout: 15_000 });
  await expect(zoom.getByText(/山田 太郎 さんの ATS アカウントに連携し直されました/)).toBeVisible();

  // The notice stays while its page is open (the next refresh does not take it away)…
  await other.waitForTimeout(6_000);
  await expect(notice).toBeVisible();
  // …and is not shown again on the next visit.
  await other.reload();
  await expect(otherZoom.getByText('連携済み')).toBeVisible();
  await expect(otherZoom.getByText(account)).toBeVisible();
  await expect(notice).toHaveCount(0);
  await otherContext.close();
});
