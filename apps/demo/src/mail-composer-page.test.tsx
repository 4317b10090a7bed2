import type { RenderVariablesBody } from '@ats-zoom/contract';
import { createVariableHandlers, variableCandidateFixtures } from '@ats-zoom/msw';
import { AtsZoomProvider } from '@ats-zoom/react';
import { en } from '@ats-zoom/react/locales/en';
import { ja } from '@ats-zoom/react/locales/ja';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
// The react package's MSW server: the jsdom project's setup file starts and resets it.
import { server } from '../../../packages/react/test/msw-server';
import { demoText } from './demo-text';
import { acmeRecruiter } from './demo-users.fixture';
import type { MailCandidate, MailDelivery } from './mail-api';
import { MailArea } from './mail-area';

const bffUrl = 'http://bff.test';
const { withInterview, withoutInterview } = variableCandidateFixtures;

const candidates: MailCandidate[] = [
  { id: withInterview, name: '山田 花子', position: 'エンジニア' },
  { id: withoutInterview, name: '森 一郎', position: '営業' },
];

/** The BFF (MSW scenario) and the mock ATS's mail routes; the send answers from the BFF's render. */
function renderComposer(user = acmeRecruiter, screenLocale: 'ja' | 'en' = 'ja') {
  const sentBodies: unknown[] = [];
  server.use(
    ...createVariableHandlers({ baseUrl: bffUrl, scenario: 'variablesSingleAvailable' }),
    http.get('*/host-api/mail/candidates', () => HttpResponse.json({ candidates })),
    http.post('*/host-api/mail/send', async ({ request }) => {
      const mail = (await request.json()) as {
        candidateId: string;
        subject: string;
        body: string;
        locale?: 'ja' | 'en';
      };
      sentBodies.push(mail);
      // The host backend's own answer, built from the same fake BFF the preview reads.
      const rendered = await fetch(`${bffUrl}/v1/variables/render`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
        body: JSON.stringify({
          template: `${mail.subject}\n${mail.body}`,
          candidateIds: [mail.candidateId],
          locale: mail.locale,
          timezone: 'Asia/Tokyo',
        } satisfies RenderVariablesBody),
      });
      const [result] = ((await rendered.json()) as { results: MailDelivery[] }).results;
      const name = candidates.find((candidate) => candidate.id === mail.candidateId)?.name ?? '';
      const [subject, ...lines] = result?.text?.split('\n') ?? [];
      const delivery: MailDelivery = {
        candidateId: mail.candidateId,
        candidateName: name,
        status: result?.text ? 'sent' : 'not_sent',
        subject: result?.text ? (subject ?? '') : null,
        text: result?.text ? lines.join('\n') : null,
        missing: result?.missing ?? [],
        unknownTokens: result?.unknownTokens ?? [],
      };
      return HttpResponse.json({ delivery });
    }),
  );
  render(
    <QueryClientProvider
      client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <AtsZoomProvider
        bffUrl={bffUrl}
        getToken={async () => 'token'}
        locale={screenLocale === 'ja' ? ja : en}
      >
        <MailArea
          screen="compose"
          user={user}
          locale={screenLocale}
          text={demoText[screenLocale]}
        />
      </AtsZoomProvider>
    </QueryClientProvider>,
  );
  return { sentBodies };
}

async function insertUrlIntoBody(user: ReturnType<typeof userEvent.setup>) {
  const bodyGroup = screen.getByRole('group', { name: '本文' });
  await user.click(within(bodyGroup).getByRole('button', { name: '変数を挿入' }));
  const item = await screen.findByRole('menuitem', { name: /^次のWeb面接・面談URL/ });
  return item;
}

describe('メール > 候補者へのメール作成', () => {
  it('when a recruiter inserts the URL variable for a candidate with an interview, then the preview and the sent mail carry that URL', async () => {
    const user = userEvent.setup();
    const { sentBodies } = renderComposer();
    await screen.findByRole('option', { name: '山田 花子（エンジニア）' });
    await user.selectOptions(screen.getByLabelText('候補者'), '山田 花子（エンジニア）');
    await user.type(screen.getByRole('textbox', { name: '件名' }), '面接のご案内');
    const body = screen.getByRole('textbox', { name: '本文' });
    await user.type(body, 'URL: ');
    const item = await insertUrlIntoBody(user);
    await expect.poll(() => item.getAttribute('aria-disabled')).toBeNull();
    await user.click(item);
    expect(body).toHaveValue('URL: {{次のWeb面接・面談URL}}');

    const preview = screen.getByRole('region', { name: 'プレビュー' });
    const previewBody = await within(preview).findByText(/^URL: https?:\/\/\S+/);
    const joinUrl = previewBody.textContent?.replace('URL: ', '') ?? '';
    expect(within(preview).getByText('面接のご案内')).toBeVisible();

    await user.click(screen.getByRole('button', { name: '送信' }));
    const result = await screen.findByRole('region', { name: '送信結果' });
    expect(within(result).getByText('山田 花子 さんに送信しました。')).toBeVisible();
    expect(within(result).getByText(`URL: ${joinUrl}`)).toBeVisible();
    expect(sentBodies).toEqual([
      {
        candidateId: withInterview,
        subject: '面接のご案内',
        body: 'URL: {{次のWeb面接・面談URL}}',
        locale: 'ja',
      },
    ]);
  });

  it('when the screen is English, then a Japanese mail still gets a Japanese date in the preview and the sent mail, and English only when chosen', async () => {
    const user = userEvent.setup();
    const { sentBodies } = renderComposer(acmeRecruiter, 'en');
    await screen.findByRole('option', { name: '山田 花子（エンジニア）' });
    await user.selectOptions(screen.getByLabelText('Candidate'), '山田 花子（エンジニア）');
    expect(screen.getByRole('combobox', { name: 'Mail language' })).toHaveValue('ja');
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'ご案内');
    const body = screen.getByRole('textbox', { name: 'Body' });
    await user.type(body, '次の面接は ');
    await user.click(
      within(screen.getByRole('group', { name: 'Body' })).getByRole('button', {
        name: 'Insert variable',
      }),
    );
    const dateItem = await screen.findByRole('menuitem', { name: /^Next web interview date/ });
    await expect.poll(() => dateItem.getAttribute('aria-disabled')).toBeNull();
    await user.click(dateItem);
    await user.type(body, ' に');
    // The menu reads English; the Japanese mail gets the Japanese label.
    expect(body).toHaveValue('次の面接は {{次のWeb面接・面談の日時}} に');

    const preview = screen.getByRole('region', { name: 'Preview' });
    const japaneseDate =
      /^次の面接は \d{4}年\d{1,2}月\d{1,2}日\([月火水木金土日]\) \d{1,2}:\d\d〜\d{1,2}:\d\d に$/;
    expect(await within(preview).findByText(japaneseDate)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const result = await screen.findByRole('region', { name: 'Send result' });
    expect(within(result).getByText(japaneseDate)).toBeVisible();
    expect(sentBodies).toEqual([expect.objectContaining({ locale: 'ja' })]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Mail language' }), 'English');
    expect(
      await within(preview).findByText(/^次の面接は (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \w{3} \d/),
    ).toBeVisible();
  });

  it('when no candidate is chosen yet, then a variable inserts at once and the preview resolves once one is chosen', async () => {
    const user = userEvent.setup();
    renderComposer();
    await user.type(screen.getByRole('textbox', { name: '件名' }), 'ご案内');
    const body = screen.getByRole('textbox', { name: '本文' });
    await user.type(body, 'URL: ');

    const item = await insertUrlIntoBody(user);
    expect(item).not.toHaveAttribute('aria-disabled');
    expect(item).not.toHaveTextContent('確認しています');
    await user.click(item);
    expect(body).toHaveValue('URL: {{次のWeb面接・面談URL}}');

    await user.selectOptions(screen.getByLabelText('候補者'), '山田 花子（エンジニア）');
    const preview = screen.getByRole('region', { name: 'プレビュー' });
    expect(await within(preview).findByText(/^URL: https?:\/\/\S+/)).toBeVisible();
  });

  it('when the candidate has no upcoming interview, then the menu item is disabled and the preview says why', async () => {
    const user = userEvent.setup();
    renderComposer();
    await screen.findByRole('option', { name: '森 一郎（営業）' });
    await user.selectOptions(screen.getByLabelText('候補者'), '森 一郎（営業）');
    await user.type(screen.getByRole('textbox', { name: '件名' }), 'ご案内');
    // Typed by hand: the writer may still paste a token the candidate cannot resolve.
    await user.click(screen.getByRole('textbox', { name: '本文' }));
    await user.paste('URL: {{next_web_interview_url}}');
    const item = await insertUrlIntoBody(user);
    await expect.poll(() => item.getAttribute('aria-disabled')).toBe('true');
    await user.keyboard('{Escape}');

    const preview = screen.getByRole('region', { name: 'プレビュー' });
    expect(await within(preview).findByText('この内容では送信できません。')).toBeVisible();
    expect(
      within(preview).getByText(
        '「次のWeb面接・面談URL」: この候補者には、これからのWeb面接・面談がありません。先に面接を設定してください。',
      ),
    ).toBeVisible();
  });

  it('when the preview says the content cannot be sent, then 送信 is disabled and described by that reason until it can be sent', async () => {
    const user = userEvent.setup();
    renderComposer();
    await screen.findByRole('option', { name: '森 一郎（営業）' });
    await user.selectOptions(screen.getByLabelText('候補者'), '森 一郎（営業）');
    await user.type(screen.getByRole('textbox', { name: '件名' }), 'ご案内');
    await user.click(screen.getByRole('textbox', { name: '本文' }));
    await user.paste('URL: {{next_web_interview_url}}');

    const preview = screen.getByRole('region', { name: 'プレビュー' });
    expect(await within(preview).findByText('この内容では送信できません。')).toBeVisible();
    const send = screen.getByRole('button', { name: '送信' });
    expect(send).toBeDisabled();
    expect(send).toHaveAccessibleDescription('この内容では送信できません。');

    // A candidate with an interview: the same text can be sent.
    await user.selectOptions(screen.getByLabelText('候補者'), '山田 花子（エンジニア）');
    expect(await within(preview).findByText(/^URL: https?:\/\/\S+/)).toBeVisible();
    expect(send).toBeEnabled();
    expect(send).not.toHaveAttribute('aria-describedby');
  });

  it('when an interviewer opens the mail screens, then they are told they have no permission and get no form', () => {
    renderComposer({ ...acmeRecruiter, id: 'acme-interviewer', role: 'interviewer' });
    expect(screen.getByRole('note')).toHaveTextContent(
      '面接官の権限ではメールの作成・送信はできません',
    );
    expect(screen.queryByRole('button', { name: '送信' })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });
});
