import type { Connection, InterviewMeeting } from '@ats-zoom/contract';
import {
  createConnectionHandlers,
  fixtures,
  issuedMeeting,
  meetingScenarios,
  problemResponse,
  routeHandler,
  routeResponse,
} from '@ats-zoom/msw';
import { focusManager } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, testQueryClient } from '../../test/render-with-provider';
import { ja } from '../locales/ja';
import { meetingLinkJa } from '../meeting-link/locales/ja';
import { ZoomLinkButton } from '../zoom-link-button/zoom-link-button';
import { ZoomMeetingLink } from '../zoom-meeting-link/zoom-meeting-link';
import { AtsZoomProvider } from './ats-zoom-provider';

afterEach(() => {
  // Back to React Query's own reading of the page's visibility.
  focusManager.setFocused(undefined);
});

function renderLive(ui: ReactElement, refreshIntervalMs: number | false = 50) {
  return render(
    <AtsZoomProvider
      bffUrl={bffUrl}
      getToken={() => 'host-token'}
      queryClient={testQueryClient()}
      locale={ja}
      refreshIntervalMs={refreshIntervalMs}
    >
      {ui}
    </AtsZoomProvider>,
  );
}

/** `GET /connections/me` answering `zoom` (changeable), counting the reads. */
function myZoomIs(initial: Connection | null) {
  const me = { zoom: initial, reads: 0 };
  server.use(
    routeHandler('getMyConnections', { baseUrl: bffUrl }, () => {
      me.reads += 1;
      return routeResponse('getMyConnections', { zoom: me.zoom, google: null });
    }),
  );
  return me;
}

/** `GET …/meeting` answering `answer` (changeable; `fails`: a server error), counting the reads. */
function meetingIs(initial: InterviewMeeting) {
  const meeting: { answer: InterviewMeeting | 'fails'; reads: number } = {
    answer: initial,
    reads: 0,
  };
  server.use(
    routeHandler('getInterviewMeeting', { baseUrl: bffUrl }, () => {
      meeting.reads += 1;
      return meeting.answer === 'fails'
        ? problemResponse('internal_error')
        : routeResponse('getInterviewMeeting', meeting.answer);
    }),
  );
  return meeting;
}

const zoomStatus = () =>
  screen.getByRole('group', { name: 'Zoom Meeting' }).querySelector('[role="status"]');

const pause = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

describe('open pages stay current', () => {
  it('when another ATS user takes the Zoom link while the page is open, then the next refresh shows 要再連携 and who has it', async () => {
    const me = myZoomIs(fixtures.personalConnection);
    renderLive(<ZoomLinkButton />);
    await waitFor(() => expect(zoomStatus()).toHaveTextContent('連携済み'));

    me.zoom = fixtures.movedSameTenantConnection;

    await waitFor(() => expect(zoomStatus()).toHaveTextContent('要再連携'));
    expect(screen.getByText(/佐藤 花子 さんの ATS アカウントに連携し直されました/)).toBeVisible();
  });

  it('when refreshing on a timer is off, then coming back to the tab still reads the link again', async () => {
    const me = myZoomIs(fixtures.personalConnection);
    renderLive(<ZoomLinkButton />, false);
    await waitFor(() => expect(zoomStatus()).toHaveTextContent('連携済み'));
    me.zoom = fixtures.needsReauthConnection;
    await pause(200);
    expect(me.reads).toBe(1);

    act(() => window.dispatchEvent(new Event('visibilitychange')));

    await waitFor(() => expect(zoomStatus()).toHaveTextContent('要再連携'));
    expect(me.reads).toBe(2);
  });

  it('while the page is in a background tab, then nothing is read; back in view, it is read at once', async () => {
    const me = myZoomIs(fixtures.personalConnection);
    renderLive(<ZoomLinkButton />);
    await waitFor(() => expect(zoomStatus()).toHaveTextContent('連携済み'));
    act(() => focusManager.setFocused(false));
    const readsWhenHidden = me.reads;
    me.zoom = null;

    await pause(300);
    expect(me.reads).toBe(readsWhenHidden);
    expect(zoomStatus()).toHaveTextContent('連携済み');

    act(() => focusManager.setFocused(true));

    await waitFor(() => expect(zoomStatus()).toHaveTextContent('未連携'));
  });

  it('when the meeting is deleted at Zoom while 面接・評価 is open, then a refresh shows it broken; a failed refresh before keeps the link, with no error', async () => {
    const meeting = meetingIs(issuedMeeting('int_1'));
    server.use(...createConnectionHandlers({ baseUrl: bffUrl }));
    renderLive(<ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />);
    const link = await screen.findByRole('link', { name: /zoom\.us\/j\// });

    // Failed background reads: the last answer stays on screen, nothing flashes.
    meeting.answer = 'fails';
    const readsBefore = meeting.reads;
    await waitFor(() => expect(meeting.reads).toBeGreaterThan(readsBefore + 1));
    expect(link).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    // The host deletes it at Zoom.
    meeting.answer = issuedMeeting('int_1', {
      linkStatus: 'broken',
      brokenReason: 'deleted_in_zoom',
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Zoom 側でミーティングが削除されたため、この URL では参加できません。',
    );
    expect(screen.queryByRole('link', { name: /zoom\.us\/j\// })).not.toBeInTheDocument();
  });

  it('while a re-issue is being saved, then the meeting is not read again until it is done', async () => {
    const user = userEvent.setup();
    // The first handler for a route wins: this save never answers.
    server.use(
      routeHandler('saveInterviewMeeting', { baseUrl: bffUrl, delay: 'infinite' }, () =>
        problemResponse('internal_error'),
      ),
      ...meetingScenarios.meetingBroken({ baseUrl: bffUrl }),
      ...createConnectionHandlers({ baseUrl: bffUrl }),
    );
    const gets = { count: 0 };
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'GET' && request.url.endsWith('/meeting')) gets.count += 1;
    });
    renderLive(<ZoomMeetingLink interviewId="int_1" locale={meetingLinkJa} />);
    await user.click(await screen.findByRole('button', { name: 'URL を再発行' }));
    await waitFor(() =>
      expect(screen.getByRole('group', { name: 'Zoom ミーティング' })).toHaveAttribute(
        'aria-busy',
        'true',
      ),
    );
    const readsWhenSaving = gets.count;

    await pause(300);

    expect(gets.count).toBe(readsWhenSaving);
  });

  it('when the link was moved in from a colleague, then the notice shows, is acknowledged once, stays through refreshes, and the next visit does not show it', async () => {
    server.use(...createConnectionHandlers({ baseUrl: bffUrl, zoom: 'connectedMovedIn' }));
    const acks: string[] = [];
    let reads = 0;
    server.events.on('request:start', ({ request }) => {
      const { pathname } = new URL(request.url);
      if (request.method === 'POST' && pathname.endsWith('/notices/ack')) acks.push(pathname);
      if (pathname === '/v1/connections/me') reads += 1;
    });
    const notice = /佐藤 花子 さんの ATS アカウントから移されました/;
    const firstVisit = renderLive(<ZoomLinkButton />);

    expect(await screen.findByText(notice)).toBeVisible();
    await waitFor(() =>
      expect(acks).toEqual([`/v1/connections/${fixtures.movedInConnection.id}/notices/ack`]),
    );
    const readsAfterAck = reads;
    await waitFor(() => expect(reads).toBeGreaterThan(readsAfterAck + 1));
    expect(screen.getByText(notice)).toBeVisible();
    firstVisit.unmount();

    renderLive(<ZoomLinkButton />);

    await waitFor(() => expect(zoomStatus()).toHaveTextContent('連携済み'));
    expect(screen.getByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
    expect(screen.queryByText(notice)).not.toBeInTheDocument();
    expect(acks).toHaveLength(1);
  });
});
