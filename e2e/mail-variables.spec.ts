import { expect, type Locator, test } from '@playwright/test';
import { ensureZoomConnected, tokyoDateIn } from './zoom-popup';

/**
 * The options of a select whose text does not fit between its padding and its arrow, and
 * `overflows its column` when the select reaches past its form (where the preview covers it).
 */
function labelsCutOffIn(select: Locator): Promise<string[]> {
  return select.evaluate((element: HTMLSelectElement) => {
    const style = getComputedStyle(element);
    const context = document.createElement('canvas').getContext('2d');
    if (!context) throw new Error('no canvas');
    context.font = style.font;
    const arrow = 20;
    const room =
      element.clientWidth -
      Number.parseFloat(style.paddingLeft) -
      Number.parseFloat(style.paddingRight) -
      arrow;
    const cutOff = [...element.options]
      .map((option) => option.text)
      .filter((text) => context.measureText(text).width > room);
    const form = element.closest('form')?.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return form && box.right > form.right + 0.5 ? [...cutOff, 'overflows its column'] : cutOff;
  });
}

/** The words (space-separated) of an element's text that the layout split over two lines. */
function wordsSplitAcrossLines(element: Locator): Promise<string[]> {
  return element.evaluate((node) => {
    const split: string[] = [];
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const value = text.textContent ?? '';
      for (const match of value.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
    return split;
  });
}

// globex, like the interview journey, but other candidates (井上 葵 with an interview, 清水 陽太
// without) and a slot three days out, so the journeys pass alone and in any order.
test('a recruiter mails a candidate the next web interview URL, then a bulk send resolves it per recipient', async ({
  page,
}) => {
  await page.goto('/?user=globex-recruiter#/integrations');
  const { linkedHere } = await ensureZoomConnected(page, 'haruka.sato@example.com');
  const mainMenu = page.getByRole('navigation', { name: 'メインメニュー' });

  // Schedule 井上 葵's web interview through 選考 > 面接.
  await mainMenu.getByRole('link', { name: /面接/ }).click();
  await page.getByRole('link', { name: '井上 葵 さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(tokyoDateIn(3));
  await page.getByLabel('開始時刻').fill('16:00');
  await page.getByLabel('所要時間').selectOption('30');
  await page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' }).click();
  const hostOption = linkedHere
    ? page.getByRole('option', { name: /haruka\.sato@example\.com/ })
    : page.getByRole('option').first();
  await hostOption.click();
  await page.getByRole('button', { name: '保存' }).click();
  const joinLink = page.getByRole('link', { name: /\/zoom\/j\// });
  await expect(joinLink).toHaveAttribute('href', /\/zoom\/j\/\d+/);
  const joinUrl = (await joinLink.getAttribute('href')) ?? '';
  if (joinUrl.includes('pwd=')) expect(new URL(joinUrl).searchParams.get('pwd')).not.toBe('');

  // メール > 候補者へのメール作成: the variable goes in at the caret and previews the real URL.
  await mainMenu.getByRole('link', { name: 'メール' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '候補者へのメール作成' })).toBeVisible();
  await page.getByLabel('候補者').selectOption({ label: '井上 葵（カスタマーサクセス）' });
  // Whichever candidate is chosen, the closed select shows the whole label: nothing is cut off.
  expect(await labelsCutOffIn(page.getByLabel('候補者'))).toEqual([]);
  await page.getByRole('textbox', { name: '件名' }).fill('一次面接のご案内');
  const body = page.getByRole('textbox', { name: '本文' });
  await body.fill('井上 葵 様\n当日は次の URL から参加してください。\n');
  await page
    .getByRole('group', { name: '本文' })
    .getByRole('button', { name: '変数を挿入' })
    .click();
  const urlItem = page.getByRole('menuitem', { name: /^次のWeb面接・面談URL/ });
  await expect(urlItem).not.toHaveAttribute('aria-disabled', 'true');
  await urlItem.click();
  await expect(body).toHaveValue(
    '井上 葵 様\n当日は次の URL から参加してください。\n{{次のWeb面接・面談URL}}',
  );
  const preview = page.getByRole('region', { name: 'プレビュー' });
  await expect(preview).toContainText(`当日は次の URL から参加してください。\n${joinUrl}`, {
    useInnerText: true,
  });
  await page.getByRole('button', { name: '送信' }).click();
  const sent = page.getByRole('region', { name: '送信結果' });
  await expect(sent).toContainText('井上 葵 さんに送信しました。');
  await expect(sent).toContainText(joinUrl);

  // メールテンプレート: no candidate is known, yet the variable can go in.
  const mailScreens = page.getByRole('navigation', { name: 'メールの画面' });
  await mailScreens.getByRole('link', { name: 'メールテンプレート' }).click();
  await page.getByRole('button', { name: '新しいテンプレート' }).click();
  await page.getByRole('textbox', { name: 'テンプレート名' }).fill('一次面接URLのお知らせ');
  await page.getByRole('textbox', { name: '件名' }).fill('一次面接の URL');
  const templateBody = page.getByRole('textbox', { name: '本文' });
  await templateBody.fill('次の URL から参加してください: ');
  await page
    .getByRole('group', { name: '本文' })
    .getByRole('button', { name: '変数を挿入' })
    .click();
  await page.getByRole('menuitem', { name: /^次のWeb面接・面談URL/ }).click();
  await expect(templateBody).toHaveValue('次の URL から参加してください: {{次のWeb面接・面談URL}}');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(
    page.getByText('テンプレート「一次面接URLのお知らせ」を保存しました。'),
  ).toBeVisible();

  // 一括送信: that template, a candidate with an interview and one without.
  await mailScreens.getByRole('link', { name: '一括送信' }).click();
  await page.getByLabel('テンプレート').selectOption({ label: '一次面接URLのお知らせ' });
  await page.getByRole('checkbox', { name: '井上 葵（カスタマーサクセス）' }).check();
  await page.getByRole('checkbox', { name: '清水 陽太（人事）' }).check();
  await page.getByRole('button', { name: '送信' }).click();
  const results = page.getByRole('region', { name: '送信結果' });
  await expect(results).toContainText('1 人に送信、1 人は未送信です。');
  const withInterview = results.getByRole('row', { name: /井上 葵/ });
  await expect(withInterview).toContainText('送信済み');
  await expect(withInterview).toContainText(`次の URL から参加してください: ${joinUrl}`);
  const withoutInterview = results.getByRole('row', { name: /清水 陽太/ });
  await expect(withoutInterview).toContainText('未送信');
  await expect(withoutInterview).toContainText(
    '「次のWeb面接・面談URL」: この候補者には、これからのWeb面接・面談がありません。',
  );
  await expect(withoutInterview).not.toContainText('/zoom/j/');
  // Names wrap between words only, also at phone width.
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    for (const name of await results.getByRole('rowheader').all()) {
      expect(await wordsSplitAcrossLines(name), `${width} px`).toEqual([]);
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // An interviewer gets the screen's explanation instead of a composer.
  await page
    .getByRole('combobox', { name: 'ログイン中のユーザー' })
    .selectOption('globex-interviewer');
  await expect(page.getByRole('note')).toContainText(
    '面接官の権限ではメールの作成・送信はできません',
  );
  await expect(page.getByRole('button', { name: '送信' })).toHaveCount(0);

  // Leave the tenant's Zoom links as found, for journeys that link them themselves.
  if (linkedHere) {
    await page.goto('/?user=globex-recruiter#/integrations');
    await page.getByRole('button', { name: '連携解除' }).click();
    await page.getByRole('button', { name: '解除する' }).click();
    await expect(page.getByRole('button', { name: 'Zoom アカウントを連携' })).toBeVisible();
  }
});

test("the composer's candidate select shows each candidate's whole label, the longest included", async ({
  page,
}) => {
  await page.goto('/?user=acme-recruiter#/mail/compose');
  const candidate = page.getByLabel('候補者');
  await expect(
    candidate.getByRole('option', { name: '山本 さくら（バックエンドエンジニア）' }),
  ).toBeAttached();

  for (const width of [1280, 768, 375]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await labelsCutOffIn(candidate), `${width} px`).toEqual([]);
  }
});
