import { expect, type Page, test } from '@playwright/test';
import { emulatorAdminUrl } from './stack';
import { ensureZoomConnected, meetingIdOf, tokyoDateIn } from './zoom-popup';

// acme's interview panel and its Zoom users, all licensed members of the company account `acme`,
// and 藤田 樹's interview: no other journey uses any of them.
const panel = [
  { user: 'acme-interviewer-2', name: '小川 健一', zoom: 'kenichi.ogawa@acme.example' },
  { user: 'acme-interviewer-3', name: '石井 真央', zoom: 'mao.ishii@acme.example' },
  { user: 'acme-interviewer-4', name: '岡田 翔', zoom: 'sho.okada@acme.example' },
] as const;
const [ogawa, ishii, okada] = panel;

/**
 * Adds a meeting to a Zoom user's calendar as that user would, on the emulator's admin page
 * (no webhook): what makes them busy at the interview's slot.
 */
async function addZoomMeeting(
  admin: Page,
  meeting: { host: string; topic: string; kind: '2' | '8'; start: string; minutes: number },
) {
  await admin.goto(emulatorAdminUrl);
  const form = admin.getByRole('group', { name: 'Add a meeting (as the host, no webhook)' });
  await form.getByLabel('Host').selectOption({ label: meeting.host });
  await form.getByLabel('Topic').fill(meeting.topic);
  await form.getByLabel('Kind').selectOption(meeting.kind);
  await form.getByLabel(/^Start \(UTC/).fill(meeting.start);
  await form.getByLabel('Minutes').fill(String(meeting.minutes));
  if (meeting.kind === '8') {
    // Daily, three times: the day before the interview, its day and the day after.
    await form.getByLabel('Repeats').selectOption('1');
    await form.getByLabel('Every').fill('1');
    await form.getByLabel('Times').fill('3');
  }
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(admin.getByRole('status')).toContainText(/^Meeting \d+ added\.$/);
}

test('with three interviewers of one Zoom company account, two busy at the slot (one through a recurring meeting), 自動で選ぶ picks the free one as host and the other two can start the meeting as alternative hosts', async ({
  page,
  browser,
}) => {
  // The interview: 11:00-12:00 in Japan (02:00-03:00Z) eight days ahead.
  const day = tokyoDateIn(8);
  const dayBefore = tokyoDateIn(7);

  // In Zoom: 小川's daily 10:30 stand-up (a type 8 series) and 石井's one-time 11:30 review.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  for (const meeting of [
    {
      host: ogawa.zoom,
      topic: 'Stand-up',
      kind: '8',
      start: `${dayBefore}T01:30:00Z`,
      minutes: 60,
    },
    { host: ishii.zoom, topic: 'Design review', kind: '2', start: `${day}T02:30:00Z`, minutes: 30 },
  ] as const) {
    await addZoomMeeting(admin, meeting);
  }

  // Each interviewer connects their own Zoom account.
  for (const member of panel) {
    await page.goto(`/?user=${member.user}#/integrations`);
    await ensureZoomConnected(page, member.zoom);
  }

  // The recruiter sets up the interview with the three of them and 自動で選ぶ.
  await page.goto('/?user=acme-recruiter#/interviews');
  await page.getByRole('link', { name: '藤田 樹 さんの面接を開く' }).click();
  await page.getByLabel('日付').fill(day);
  await page.getByLabel('開始時刻').fill('11:00');
  await page.getByLabel('所要時間').selectOption('60');
  const interviewers = page.getByRole('group', { name: '面接官', exact: true });
  for (const member of panel) {
    await interviewers.getByRole('checkbox', { name: new RegExp(member.name) }).check();
  }
  const picker = page.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
  await picker.click();
  // Each interviewer's own option says whether they are free at the slot.
  await expect(page.getByRole('option', { name: new RegExp(ogawa.zoom) })).toContainText(
    '予定あり',
  );
  await expect(page.getByRole('option', { name: new RegExp(ishii.zoom) })).toContainText(
    '予定あり',
  );
  await expect(page.getByRole('option', { name: new RegExp(okada.zoom) })).not.toContainText(
    '予定あり',
  );
  // 自動で選ぶ says whom it would pick and why, and whom it passed over.
  const auto = page.getByRole('option', { name: /^自動で選ぶ/ });
  await expect(auto).toContainText(`面接官の ${okada.name} さんは空いています`);
  await expect(auto).toContainText(`${ogawa.name} さん（予定あり）`);
  await expect(auto).toContainText(`${ishii.name} さん（予定あり）`);
  await auto.click();
  await expect(picker).toContainText('自動で選ぶ');

  // The preview: who can start the meeting with the host it would pick.
  const preview = page.getByRole('region', { name: '候補者に届く内容' });
  const canStart = preview.getByRole('list', { name: 'ミーティングを開始できる人' });
  await expect(canStart.getByRole('listitem')).toHaveText([
    `${ogawa.name}: 代替ホスト（Zoom にサインインして参加 URL から開始できます）`,
    `${ishii.name}: 代替ホスト（Zoom にサインインして参加 URL から開始できます）`,
    `${okada.name}: ホスト`,
  ]);

  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('tab', { name: '面接・評価' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  // 面接・評価: 岡田 hosts, picked by 自動で選ぶ and why; 小川 and 石井 are alternative hosts.
  const link = page.getByRole('group', { name: 'Zoom ミーティング' });
  await expect(link.getByText(`ホスト: ${okada.name}（${okada.zoom}）`)).toBeVisible();
  await expect(
    link.getByText(`自動で選択: 面接官の ${okada.name} さんは空いていました`),
  ).toBeVisible();
  await expect(link.getByText(/^代替ホスト: /)).toContainText(`${ogawa.name}、${ishii.name}`);
  const joinUrl =
    (await link.getByRole('link', { name: /\/zoom\/j\// }).getAttribute('href')) ?? '';

  // Zoom agrees: the meeting is 岡田's, with 小川 and 石井 as its alternative hosts.
  await admin.goto(emulatorAdminUrl);
  const row = admin
    .getByRole('region', { name: 'Meetings' })
    .getByRole('row')
    .filter({ has: admin.getByRole('cell', { name: meetingIdOf(joinUrl), exact: true }) });
  await expect(row.getByRole('cell').first()).toHaveText(okada.zoom);
  await expect(row).toContainText(ogawa.zoom);
  await expect(row).toContainText(ishii.zoom);
  await adminContext.close();
});
