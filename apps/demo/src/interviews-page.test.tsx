import type { InterviewMeeting } from '@ats-zoom/contract';
import { issuedMeeting, routeHandler, routeResponse } from '@ats-zoom/msw';
import { AtsZoomProvider } from '@ats-zoom/react';
import { ja } from '@ats-zoom/react/locales/ja';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
// The react package's MSW server: the jsdom project's setup file starts and resets it.
import { server } from '../../../packages/react/test/msw-server';
import { demoText } from './demo-text';
import { acmeInterviewer, acmeRecruiter } from './demo-users.fixture';
import type { DemoUserSummary } from './host-session';
import type { DemoInterview } from './interviews-api';
import { InterviewsPage } from './interviews-page';

const bffUrl = 'http://bff.test';

function interview(
  id: string,
  candidateName: string,
  status: DemoInterview['status'],
  format: 'zoom' | 'in_person' = 'zoom',
): DemoInterview {
  return {
    id,
    tenantId: 'acme',
    candidateId: `cand-${id}`,
    candidateName,
    position: 'バックエンドエンジニア',
    stage: '一次面接',
    status,
    schedule:
      status === 'unscheduled'
        ? null
        : {
            date: '2030-04-10',
            startTime: '14:00',
            durationMinutes: 60,
            format,
            joinBeforeHost: false,
          },
  };
}

const list: DemoInterview[] = [
  interview('iv-active', '山本 さくら', 'scheduled'),
  interview('iv-deleted', '中村 大輔', 'scheduled'),
  interview('iv-changed', '小林 結衣', 'scheduled'),
  interview('iv-cancelled', '松本 蓮', 'cancelled'),
  interview('iv-left', '井上 葵', 'cancelled'),
  interview('iv-unscheduled', '清水 陽太', 'unscheduled'),
  interview('iv-office', '佐藤 健', 'scheduled', 'in_person'),
];

/** What the BFF holds per interview: an issued meeting, a broken one, or none (null). */
const meetings: Record<string, InterviewMeeting | null> = {
  'iv-active': issuedMeeting('iv-active'),
  'iv-deleted': issuedMeeting('iv-deleted', {
    linkStatus: 'broken',
    brokenReason: 'deleted_in_zoom',
  }),
  'iv-changed': issuedMeeting('iv-changed', {
    zoomTime: { startTime: '2030-04-10T07:00:00.000Z', durationMinutes: 30 },
  }),
  'iv-cancelled': null,
  'iv-left': issuedMeeting('iv-left'),
};

function renderList(user: DemoUserSummary, rows = list, held = meetings) {
  const asked: string[] = [];
  server.use(
    http.get('*/host-api/interviews', () => HttpResponse.json({ interviews: rows })),
    routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, ({ params }) => {
      asked.push(params.interviewId);
      return routeResponse('getInterviewMeeting', held[params.interviewId] ?? null);
    }),
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <AtsZoomProvider locale={ja} bffUrl={bffUrl} getToken={() => 'token'}>
        <InterviewsPage user={user} text={demoText.ja} />
      </AtsZoomProvider>
    </QueryClientProvider>,
  );
  return { asked };
}

/** The 状態 cell of the candidate's row. */
async function statusOf(candidateName: string) {
  const row = (
    await screen.findByRole('link', { name: `${candidateName} さんの面接を開く` })
  ).closest('tr');
  if (!row) throw new Error(`no row for ${candidateName}`);
  return within(row).getAllByRole('cell').at(-1) as HTMLElement;
}

describe('面接一覧', () => {
  it('when Zoom deleted or changed a meeting, then its row says so in words instead of 設定済み', async () => {
    renderList(acmeRecruiter);

    const deleted = await statusOf('中村 大輔');
    expect(
      await within(deleted).findByText('URL が無効です（Zoom 側で削除されました）'),
    ).toBeVisible();
    expect(deleted).toHaveTextContent(/^要再発行/);
    expect(deleted).not.toHaveTextContent('設定済み');

    const changed = await statusOf('小林 結衣');
    expect(
      await within(changed).findByText(
        'Zoom 側で日時が変更されました。面接・評価で日時を選んでください',
      ),
    ).toBeVisible();
    expect(changed).toHaveTextContent(/^要確認/);
    expect(changed).not.toHaveTextContent('URL が無効です');

    const active = await statusOf('山本 さくら');
    await waitFor(() => expect(active).toHaveTextContent(/^設定済み$/));
  });

  it("when the host's Zoom link was removed at Zoom, then its row says to change the host instead of 設定済み", async () => {
    renderList(acmeRecruiter, [interview('iv-host-revoked', '石井 翼', 'scheduled')], {
      'iv-host-revoked': issuedMeeting('iv-host-revoked', { hostLink: 'revoked' }),
    });

    const revoked = await statusOf('石井 翼');
    expect(
      await within(revoked).findByText(
        'ホストの Zoom 連携が解除されています（ホストを変更するか、再連携を依頼）',
      ),
    ).toBeVisible();
    expect(revoked).toHaveTextContent(/^要ホスト変更/);
    expect(revoked).not.toHaveTextContent('設定済み');
  });

  it('when interviews are cancelled, unscheduled or in person, then they read 取り消し済み or their own status, and a meeting left at Zoom is named', async () => {
    const { asked } = renderList(acmeRecruiter);

    expect(await statusOf('清水 陽太')).toHaveTextContent(/^未設定$/);
    expect(await statusOf('佐藤 健')).toHaveTextContent(/^設定済み$/);
    const left = await statusOf('井上 葵');
    expect(
      await within(left).findByText(
        'Zoom ミーティングが残っています。面接・評価で削除してください',
      ),
    ).toBeVisible();
    expect(left).toHaveTextContent(/^取り消し済み/);
    const cancelled = await statusOf('松本 蓮');
    await within(cancelled).findByText('取り消し済み');
    expect(cancelled).toHaveTextContent(/^取り消し済み$/);
    // Only Zoom interviews that were scheduled are asked about, each once.
    expect(asked.toSorted()).toEqual([
      'iv-active',
      'iv-cancelled',
      'iv-changed',
      'iv-deleted',
      'iv-left',
    ]);
  });

  it('when an interviewer opens the list, then it asks the BFF nothing (it would answer 403) and shows the ATS status', async () => {
    const { asked } = renderList(acmeInterviewer);

    expect(await statusOf('中村 大輔')).toHaveTextContent(/^設定済み$/);
    expect(await statusOf('松本 蓮')).toHaveTextContent(/^取り消し済み$/);
    expect(asked).toEqual([]);
  });
});
