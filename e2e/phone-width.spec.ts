import { expect, type Locator, type Page, test } from '@playwright/test';
import { ensureZoomConnected, tokyoDateIn } from './zoom-popup';

/** The page does not scroll sideways: nothing is wider than the screen. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    screen: document.documentElement.clientWidth,
  }));
  expect(widths.page, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(widths.screen);
  expect(widths.body, `${where}: the body scrolls sideways`).toBeLessThanOrEqual(widths.screen);
}

/** How many lines the element's own text (not a select's options) is drawn on. */
function linesOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const tops = new Set<number>();
    const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('select')) continue;
      const range = element.ownerDocument.createRange();
      range.selectNodeContents(node);
      for (const box of range.getClientRects()) {
        if (box.width > 0) tops.add(Math.round(box.top / 4));
      }
    }
    return tops.size;
  });
}

async function expectOneLine(locator: Locator, what: string) {
  await expect(locator).toBeVisible();
  expect(await linesOf(locator), `${what} is drawn on one line`).toBe(1);
}

/**
 * The status badges on 通知・連携: ZoomLinkButton, GoogleCalendarLinkButton and
 * OutlookCalendarLinkButton (the journeys' BFF has Outlook configured, on the emulator).
 */
function connectionBadges(page: Page): Locator {
  return page.getByRole('main').getByRole('status');
}

// First in the file: on a fresh stack the coordinator has linked nothing yet, so all read 未連携.
test('at 1280 px the coordinator’s 通知・連携 shows each status badge (未連携) on one line', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?user=acme-coordinator#/integrations');
  const badges = connectionBadges(page);
  await expect(badges).toHaveCount(3);
  for (const badge of await badges.all()) {
    await expect(badge).toHaveText(/^(未連携|連携済み|要再連携)$/);
  }
  for (const badge of await badges.all()) await expectOneLine(badge, 'the status badge');
});

test('at 375 px every main page of the demo fits the screen: no sideways scroll, labels and badges on one line, the host list on screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 375, height: 740 });

  // マイアカウント > 通知・連携, with the header's switchers.
  await page.goto('/?user=acme-coordinator#/integrations');
  await expect(connectionBadges(page)).toHaveCount(3);
  await expectNoSidewaysScroll(page, '通知・連携');
  await expectOneLine(page.getByText('表示言語'), 'the 表示言語 label');
  await expectOneLine(page.getByText('ログイン中のユーザー'), 'the ログイン中のユーザー label');
  for (const badge of await connectionBadges(page).all()) {
    await expectOneLine(badge, 'the status badge');
  }
  // Another journey may have linked this user already: the account it holds is the one to pick.
  const { email: zoomEmail } = await ensureZoomConnected(page, 'daniel.moore@acme.example');
  await expectNoSidewaysScroll(page, '通知・連携 (linked)');
  for (const badge of await connectionBadges(page).all()) {
    await expectOneLine(badge, 'the status badge');
  }

  // 選考 > 面接: the list, then one interview's 面接設定 with the host picker open.
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: /面接/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '面接' })).toBeVisible();
  await expectNoSidewaysScroll(page, '面接');
  await page.getByRole('link', { name: '山本 さくら さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(tokyoDateIn(5));
  await page.getByLabel('開始時刻').fill('16:00');
  const hostPicker = page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
  await expect(hostPicker).toBeEnabled();
  await expectNoSidewaysScroll(page, '面接設定');
  await hostPicker.click();
  const list = page.getByRole('listbox');
  await expect(list).toBeVisible();
  const listBox = await list.boundingBox();
  expect(listBox, 'the host list is laid out').not.toBeNull();
  expect(listBox?.x ?? -1, 'the host list starts on screen').toBeGreaterThanOrEqual(0);
  expect(
    (listBox?.x ?? 0) + (listBox?.width ?? 0),
    'the host list ends on screen',
  ).toBeLessThanOrEqual(375);
  await expectNoSidewaysScroll(page, '面接設定 with the host list open');
  await page
    .getByRole('option', { name: new RegExp(`^佐藤 花子 ${zoomEmail.replaceAll('.', '\\.')}`) })
    .click();
  await expect(page.getByRole('region', { name: '候補者に届く内容' })).toBeVisible();
  await expectNoSidewaysScroll(page, '面接設定 with the preview');

  // 面接・評価: the saved interview's Zoom link.
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('tab', { name: '面接・評価' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('link', { name: /\/zoom\/j\// })).toBeVisible();
  await expectNoSidewaysScroll(page, '面接・評価');

  // メール: the composer with 変数を挿入's menu open.
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'メール' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '候補者へのメール作成' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'メール作成');
  await page.getByRole('button', { name: '変数を挿入' }).last().click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expectNoSidewaysScroll(page, 'メール作成 with the variable menu open');
});
