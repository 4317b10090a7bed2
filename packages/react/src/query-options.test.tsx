// The README's "Query options and keys" examples, as written there (imports from the package's
// public entry), run against the MSW fake of the BFF.
import { createAtsZoomClient } from '@ats-zoom/client';
import { meetingScenarios } from '@ats-zoom/msw';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../test/msw-server';
import { bffUrl as testBffUrl } from '../test/render-with-provider';
import {
  AtsZoomProvider,
  connectionKeys,
  connectionQueries,
  meetingKeys,
  meetingQueries,
  useAtsZoomContext,
  variableQueries,
  variableQueryKeys,
} from './index';
import { ja } from './locales/ja';
import { ZoomMeetingLink } from './meeting-link';
import { meetingLinkJa } from './meeting-link/locales/ja';

const fetchHostToken = async () => 'host-token';

/** The interview's Zoom URL in a row of your own interview list. */
function InterviewUrlCell({ interviewId }: { interviewId: string }) {
  const { client, queryClient } = useAtsZoomContext();
  const { data: meeting } = useQuery(meetingQueries.meeting(client, interviewId), queryClient);
  if (meeting === undefined) return <span>…</span>;
  return meeting ? <a href={meeting.joinUrl}>{meeting.joinUrl}</a> : <span>未発行</span>;
}

describe('query options and keys, as the README shows them', () => {
  it('when a host component reads meetingQueries.meeting inside the provider, then it shows the URL, or 未発行 without a meeting', async () => {
    server.use(...meetingScenarios.meetingIssued({ baseUrl: testBffUrl }));
    render(
      <AtsZoomProvider bffUrl={testBffUrl} getToken={fetchHostToken} locale={ja}>
        <InterviewUrlCell interviewId="int_42" />
      </AtsZoomProvider>,
    );
    const link = await screen.findByRole('link');
    expect(link.getAttribute('href')).toMatch(/^https:\/\/.+\/j\/\d+/);

    server.resetHandlers(...meetingScenarios.meetingNone({ baseUrl: testBffUrl }));
    render(
      <AtsZoomProvider bffUrl={testBffUrl} getToken={fetchHostToken} locale={ja}>
        <InterviewUrlCell interviewId="int_7" />
      </AtsZoomProvider>,
    );
    expect(await screen.findByText('未発行')).toBeInTheDocument();
  });

  it('when the meeting is prefetched and the client and QueryClient are given to the provider, then the components render it at once and the documented keys invalidate it', async () => {
    server.use(...meetingScenarios.meetingIssued({ baseUrl: testBffUrl }));
    // The README's second example, with the test BFF's URL.
    const bffUrl = `${testBffUrl}/`;
    const client = createAtsZoomClient({ baseUrl: bffUrl, getToken: fetchHostToken });
    const queryClient = new QueryClient();

    await queryClient.prefetchQuery(meetingQueries.meeting(client, 'int_42'));

    const page = (
      <AtsZoomProvider
        bffUrl={bffUrl}
        getToken={fetchHostToken}
        client={client}
        queryClient={queryClient}
        locale={ja}
      >
        <ZoomMeetingLink interviewId="int_42" locale={meetingLinkJa} />
        <InterviewUrlCell interviewId="int_42" />
      </AtsZoomProvider>
    );
    render(page);
    // Already in the cache: no loading state on the first render.
    const root = document.querySelector('.atz-root');
    expect(root).toHaveAttribute('data-state', 'active');
    expect(screen.getAllByRole('link').length).toBeGreaterThan(0);

    // Your backend cancels the meeting through the BFF; the documented keys refresh the page.
    await client.deleteInterviewMeeting('int_42');
    await queryClient.invalidateQueries({
      queryKey: meetingKeys.meeting(client.baseUrl, 'int_42'),
    });
    await queryClient.invalidateQueries({ queryKey: meetingKeys.hostsAll(client.baseUrl) });

    await waitFor(() => expect(root).toHaveAttribute('data-state', 'none'));
    expect(screen.getByText('未発行')).toBeInTheDocument();
  });

  it('every factory keys its data under its documented key, built from client.baseUrl', () => {
    const client = createAtsZoomClient({ baseUrl: `${testBffUrl}//`, getToken: fetchHostToken });
    const hosts = { start: '2030-01-01T10:00:00+09:00', durationMinutes: 30 };
    const preview = { ...hosts, hostConnectionId: 'conn_1', joinBeforeHost: false };
    const list = { context: 'single' as const, candidateId: 'cand_1' };
    const body = { template: 'URL: {{next_web_interview_url}}', candidateIds: ['cand_1'] };

    expect(client.baseUrl).toBe(testBffUrl);
    expect(connectionQueries.me(client).queryKey).toEqual(connectionKeys.me(client.baseUrl));
    expect(connectionQueries.attempt(client, 'att_1').queryKey).toEqual(
      connectionKeys.attempt(client.baseUrl, 'att_1'),
    );
    expect(meetingQueries.hosts(client, hosts).queryKey).toEqual(
      meetingKeys.hosts(client.baseUrl, hosts),
    );
    expect(meetingQueries.preview(client, preview).queryKey).toEqual(
      meetingKeys.preview(client.baseUrl, preview),
    );
    expect(variableQueries.list(client, list).queryKey).toEqual(
      variableQueryKeys.list(client.baseUrl, list),
    );
    expect(variableQueries.render(client, body).queryKey).toEqual(
      variableQueryKeys.render(client.baseUrl, body),
    );
    // The `all` keys are prefixes of every key they invalidate.
    expect(meetingKeys.hosts(client.baseUrl, hosts).slice(0, 3)).toEqual(
      meetingKeys.hostsAll(client.baseUrl),
    );
    expect(meetingKeys.preview(client.baseUrl, preview).slice(0, 3)).toEqual(
      meetingKeys.previewsAll(client.baseUrl),
    );
    expect(variableQueryKeys.list(client.baseUrl, list).slice(0, 3)).toEqual(
      variableQueryKeys.all(client.baseUrl),
    );
    expect(connectionKeys.me(client.baseUrl).slice(0, 3)).toEqual(
      connectionKeys.all(client.baseUrl),
    );
  });
});
