import {
  hostFixtures,
  issuedMeeting,
  type MeetingScenarioName,
  meetingScenarios,
  passcodeNotEmbeddedMeeting,
  problemResponse,
  registeredCalendar,
  routeHandler,
  routeResponse,
  routeUrl,
} from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { http } from 'msw';
import { expect, spyOn, userEvent, waitFor, within } from 'storybook/test';
import {
  longNames,
  mswGroups,
  narrowLayoutProblems,
  narrowWidth,
  phoneWidth,
  storyBffUrl,
  storyLocaleOf,
  storyMessagesWith,
  withStoryProvider,
} from '../../test/story-provider';
import { meetingLinkEn } from '../meeting-link/locales/en';
import { meetingLinkJa } from '../meeting-link/locales/ja';
import { ZoomMeetingLink } from './zoom-meeting-link';

const meetingLinkTexts = { ja: meetingLinkJa.messages, en: meetingLinkEn.messages };

/** The story's texts, the meeting link's own (from its entry) among them. */
function linkMessages(context: Parameters<typeof storyMessagesWith>[0]) {
  return storyMessagesWith(context, meetingLinkTexts);
}

function scenario(name: MeetingScenarioName, options: { delay?: number } = {}) {
  return mswGroups({ meeting: meetingScenarios[name]({ baseUrl: storyBffUrl, ...options }) });
}

const INTERVIEW_ID = 'int_story';

/** Matches the calendar's "retries by itself at <time>" line, whatever the time. */
function nextRetryNote(t: ReturnType<typeof linkMessages>) {
  const [before = '', after = ''] = t('zoomMeetingLink.calendar.nextRetry', {
    time: '\u0000',
  }).split('\u0000');
  return (content: string) =>
    content.length > before.length + after.length &&
    content.startsWith(before) &&
    content.endsWith(after);
}

/** An issued meeting whose host and calendar owner have very long names and e-mails. */
const longNamedMeeting = issuedMeeting(INTERVIEW_ID, {
  host: {
    connectionId: 'conn_host_long',
    ownerUserId: 'user_host_long',
    ownerName: longNames.personName,
    zoomEmail: longNames.email,
  },
  calendar: {
    ...registeredCalendar(INTERVIEW_ID, new Date().toISOString()),
    owner: { userId: 'user_host_long', userName: longNames.personName, email: longNames.email },
  },
});

const longNamesScenario = mswGroups({
  meeting: [
    routeHandler('getInterviewMeeting', { baseUrl: storyBffUrl }, () =>
      routeResponse('getInterviewMeeting', longNamedMeeting),
    ),
    ...meetingScenarios.meetingIssued({ baseUrl: storyBffUrl }),
  ],
});

const meta = {
  title: 'Components/ZoomMeetingLink',
  component: ZoomMeetingLink,
  decorators: [withStoryProvider],
  // The link's texts follow the story's language, as a host passes the one it shows.
  render: (args, context) => (
    <ZoomMeetingLink
      {...args}
      locale={storyLocaleOf(context) === 'en' ? meetingLinkEn : meetingLinkJa}
    />
  ),
  args: { interviewId: INTERVIEW_ID, locale: meetingLinkJa },
  parameters: { layout: 'padded', ...scenario('meetingIssued') },
} satisfies Meta<typeof ZoomMeetingLink>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The issued URL with the passcode embedded; copying announces itself. */
export const Issued: Story = {
  parameters: scenario('meetingIssued'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const writeText = spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const link = await canvas.findByRole('link');
    await expect(link).toHaveAttribute('href', expect.stringContaining('?pwd='));
    await expect(
      canvas.getByText(
        t('zoomMeetingLink.host', {
          name: hostFixtures.freeHost.ownerName,
          email: hostFixtures.freeHost.zoomEmail ?? '',
        }),
      ),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: t('zoomMeetingLink.copy') }));
    await expect(writeText).toHaveBeenCalledWith(link.getAttribute('href'));
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingLink.copied'));
  },
};

/** The host's company does not embed passcodes: the passcode is shown with its own copy button. */
export const PasscodeNotEmbedded: Story = {
  parameters: mswGroups({
    meeting: [
      routeHandler('getInterviewMeeting', { baseUrl: storyBffUrl }, () =>
        routeResponse('getInterviewMeeting', passcodeNotEmbeddedMeeting(INTERVIEW_ID)),
      ),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const writeText = spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const link = await canvas.findByRole('link');
    await expect(link).not.toHaveAttribute('href', expect.stringContaining('pwd='));
    await expect(
      canvas.getByText(t('zoomMeetingLink.passcode.value', { passcode: 'Tk4mP9qa' })),
    ).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: t('zoomMeetingLink.copyPasscode') }));
    await expect(writeText).toHaveBeenCalledWith('Tk4mP9qa');
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingLink.passcodeCopied'));
    await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
  },
};

/** The meeting was deleted in Zoom: no dead link, and 再発行 gives a working one. */
export const Broken: Story = {
  parameters: scenario('meetingBroken'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      t('zoomMeetingLink.broken.deleted_in_zoom'),
    );
    await expect(canvas.queryByRole('link')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: t('zoomMeetingLink.reissue') }));
    await expect(await canvas.findByRole('link')).toBeVisible();
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingLink.reissued')),
    );
  },
};

/**
 * The host removed the app at Zoom: the URL still works, and the warning names the host, what
 * no longer works and what to do (change the host, or ask them to connect Zoom again).
 */
export const HostRevoked: Story = {
  parameters: scenario('meetingHostRevoked'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      t('zoomMeetingLink.hostLink.revoked', { name: hostFixtures.freeHost.ownerName }),
    );
    await expect(canvas.getByRole('link')).toBeVisible();
  },
};

/** Moved from a revoked host: its meeting is still at Zoom, reported until its owner reconnects. */
export const PendingDeletion: Story = {
  parameters: scenario('meetingPendingDeletion'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        t('zoomMeetingLink.pendingDeletion', {
          hostOwnerName: hostFixtures.busyHost.ownerName,
          zoomMeetingId: '84111222333',
        }),
      ),
    ).toBeVisible();
  },
};

/**
 * The meeting's time was changed in Zoom: the URL still works; both times are said in words and
 * the scheduler keeps the interview's time (Zoom is set back) or takes Zoom's.
 */
export const ChangedInZoom: Story = {
  parameters: scenario('meetingChangedInZoom'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toBeVisible();
    await expect(canvasElement.querySelector('[data-state="mismatch"]')).not.toBeNull();
    await expect(canvas.getByRole('link', { name: /zoom\.us\/j\// })).toBeVisible();
    await expect(canvas.queryByRole('button', { name: t('zoomMeetingLink.reissue') })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: t('zoomMeetingLink.takeTime') }));
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingLink.takeTimeDone')),
    );
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** No meeting issued for this interview yet. */
export const None: Story = {
  parameters: scenario('meetingNone'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingLink.none'))).toBeVisible();
  },
};

/** The host cancelled the interview and its meeting is gone: cancelled, not "not issued yet". */
export const Cancelled: Story = {
  args: { cancelled: true },
  parameters: scenario('meetingNone'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingLink.cancelled'))).toBeVisible();
    await expect(canvas.queryByText(t('zoomMeetingLink.none'))).toBeNull();
  },
};

/** Cancelled in the ATS, but the meeting is still at Zoom: no link to send, and 削除 removes it. */
export const CancelledStillAtZoom: Story = {
  args: { cancelled: true },
  parameters: scenario('meetingIssued'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      t('zoomMeetingLink.cancelledLive'),
    );
    await expect(canvas.queryByRole('link')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: t('zoomMeetingLink.delete') }));
    await expect(await canvas.findByText(t('zoomMeetingLink.cancelled'))).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingLink.deleted'));
  },
};

/** Re-issuing fails: the host used up its daily Zoom quota; the message says what to do. */
export const QuotaError: Story = {
  parameters: scenario('meetingSaveQuota'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t('zoomMeetingLink.reissue') }),
    );
    await expect(await canvas.findByText(t('error.provider_daily_quota'))).toBeVisible();
  },
};

/** The event is on the scheduler's Google Calendar: owner, attendees and a link to the event. */
export const CalendarRegistered: Story = {
  parameters: scenario('meetingCalendarRegistered'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingLink.calendar.registered'))).toBeVisible();
    await expect(
      canvas.getByText(t('zoomMeetingLink.calendar.attendees', { count: 2 })),
    ).toBeVisible();
    await expect(
      canvas.getByRole('link', { name: t('zoomMeetingLink.calendar.open') }),
    ).toHaveAttribute('href', expect.stringContaining('https://www.google.com/calendar/event'));
  },
};

/** Google was down when the meeting was saved: why, when it retries, and 今すぐ再試行 (which now works). */
export const CalendarFailed: Story = {
  parameters: scenario('meetingCalendarFailed'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingLink.calendar.failed'))).toBeVisible();
    await expect(canvas.getByText(nextRetryNote(t))).toBeVisible();
    await userEvent.click(
      canvas.getByRole('button', { name: t('zoomMeetingLink.calendar.retryAria') }),
    );
    await expect(await canvas.findByText(t('zoomMeetingLink.calendar.registered'))).toBeVisible();
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('zoomMeetingLink.calendar.retrySucceeded'),
      ),
    );
  },
};

/** Retrying while Google is still down: the live region says it is still not registered, and why. */
export const CalendarRetryFails: Story = {
  parameters: scenario('meetingCalendarRetryFails'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', {
      name: t('zoomMeetingLink.calendar.retryAria'),
    });
    await userEvent.click(retry);
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('zoomMeetingLink.calendar.retryFailed', { reason: '' }).trim(),
      ),
    );
    await expect(retry).toHaveFocus();
  },
};

/** Google refused to write the calendar: the permission problem, and no automatic retry. */
export const CalendarForbidden: Story = {
  parameters: scenario('meetingCalendarForbidden'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('error.calendar_forbidden'))).toBeVisible();
    await expect(canvas.getByText(t('zoomMeetingLink.calendar.noAutoRetry'))).toBeVisible();
  },
};

/**
 * The scheduler deleted the event in Google カレンダー: why, no automatic retry, and (keyboard
 * only) 今すぐ再試行 registers it again as a new event; focus lands on the new event's link.
 */
export const CalendarEventDeleted: Story = {
  parameters: scenario('meetingCalendarEventDeleted'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingLink.calendar.failed'))).toBeVisible();
    await expect(canvas.getByText(t('error.calendar_event_deleted'))).toBeVisible();
    await expect(canvas.getByText(t('zoomMeetingLink.calendar.noAutoRetry'))).toBeVisible();
    await expect(canvas.queryByText(nextRetryNote(t))).toBeNull();
    const retry = canvas.getByRole('button', { name: t('zoomMeetingLink.calendar.retryAria') });
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await expect(retry).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(await canvas.findByText(t('zoomMeetingLink.calendar.registered'))).toBeVisible();
    const event = canvas.getByRole('link', { name: t('zoomMeetingLink.calendar.open') });
    await waitFor(() => expect(event).toHaveFocus());
    await expect(event).toHaveAttribute(
      'href',
      expect.stringContaining('https://www.google.com/calendar/event'),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomMeetingLink.calendar.retrySucceeded'),
    );
  },
};

/** The event is on the scheduler's Outlook calendar: the calendar part names Outlook, not Google. */
export const OutlookCalendarRegistered: Story = {
  parameters: scenario('meetingOutlookCalendarRegistered'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const outlook = { calendar: t('calendar.outlook') };
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomMeetingLink.calendar.registered', outlook)),
    ).toBeVisible();
    await expect(
      canvas.getByRole('link', { name: t('zoomMeetingLink.calendar.open', outlook) }),
    ).toHaveAttribute('href', expect.stringContaining('https://outlook.office365.com/owa/'));
    await expect(canvas.queryByText(t('calendar.google'), { exact: false })).toBeNull();
  },
};

/** Outlook was down when the meeting was saved: the reason names Outlook; 今すぐ再試行 registers it. */
export const OutlookCalendarFailed: Story = {
  parameters: scenario('meetingOutlookCalendarFailed'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const outlook = { calendar: t('calendar.outlook') };
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(t('zoomMeetingLink.calendar.failed', outlook)),
    ).toBeVisible();
    await expect(canvas.getByText(t('error.calendar_unavailable', outlook))).toBeVisible();
    await userEvent.click(
      canvas.getByRole('button', { name: t('zoomMeetingLink.calendar.retryAria', outlook) }),
    );
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(
        t('zoomMeetingLink.calendar.retrySucceeded', outlook),
      ),
    );
  },
};

/** Saved without 予定を登録: a quiet line. */
export const CalendarNotRequested: Story = {
  parameters: scenario('meetingCalendarNotRequested'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(t('zoomMeetingLink.calendar.notRequested'))).toBeVisible();
  },
};

/** Waiting for the BFF: the loading text and a skeleton. */
export const Loading: Story = {
  parameters: mswGroups({
    meeting: [
      routeHandler('getInterviewMeeting', { baseUrl: storyBffUrl, delay: 'infinite' }, () =>
        problemResponse('internal_error'),
      ),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByText(t('zoomMeetingLink.loading'))).toBeVisible();
    await expect(canvasElement.querySelector('[data-slot="zoom-meeting-link"]')).toHaveAttribute(
      'aria-busy',
      'true',
    );
  },
};

/** The meeting could not be read: the message says what to do, with 再試行. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: mswGroups({
    meeting: [
      routeHandler('getInterviewMeeting', { baseUrl: storyBffUrl }, () =>
        problemResponse('internal_error'),
      ),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(t('error.internal_error'));
    await expect(canvas.getByRole('button', { name: t('zoomMeetingLink.retry') })).toBeVisible();
  },
};

/** Keyboard only: Tab past the link to URL をコピー and press Enter; the copy is announced. */
export const KeyboardCopy: Story = {
  parameters: scenario('meetingIssued'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const writeText = spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const link = await canvas.findByRole('link');
    await userEvent.tab();
    await expect(link).toHaveFocus();
    await userEvent.tab();
    await expect(canvas.getByRole('button', { name: t('zoomMeetingLink.copy') })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(writeText).toHaveBeenCalledWith(link.getAttribute('href'));
    await expect(canvas.getByRole('status')).toHaveTextContent(t('zoomMeetingLink.copied'));
  },
};

/** Keyboard only: Tab to 今すぐ再試行, Enter; once registered, focus lands on the event link. */
export const KeyboardCalendarRetry: Story = {
  parameters: scenario('meetingCalendarFailed'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', {
      name: t('zoomMeetingLink.calendar.retryAria'),
    });
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await expect(retry).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(canvas.getByRole('link', { name: t('zoomMeetingLink.calendar.open') })).toHaveFocus(),
    );
    await expect(canvas.getByRole('status')).toHaveTextContent(
      t('zoomMeetingLink.calendar.retrySucceeded'),
    );
  },
};

/** Keyboard only, after a failed load: Tab to 再試行 and Enter; the second answer shows the link. */
export const KeyboardRetryAfterError: Story = {
  parameters: mswGroups({
    meeting: [
      http.get(
        routeUrl(storyBffUrl, 'getInterviewMeeting'),
        () => problemResponse('internal_error'),
        { once: true },
      ),
      ...meetingScenarios.meetingIssued({ baseUrl: storyBffUrl }),
    ],
  }),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const retry = await canvas.findByRole('button', { name: t('zoomMeetingLink.retry') });
    await userEvent.tab();
    await expect(retry).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(await canvas.findByRole('link')).toBeVisible();
  },
};

/** Long names: the host's and the calendar owner's long names and e-mails wrap. */
export const LongNames: Story = {
  parameters: longNamesScenario,
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByText(
        t('zoomMeetingLink.host', { name: longNames.personName, email: longNames.email }),
      ),
    ).toBeVisible();
    await expect(
      canvas.getByText(
        t('zoomMeetingLink.calendar.owner', { name: longNames.personName, email: longNames.email }),
      ),
    ).toBeVisible();
  },
};

/** Narrow width: the long-named meeting in a 320 px column stays inside it. */
export const Narrow: Story = {
  ...narrowWidth,
  parameters: longNamesScenario,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('link', { name: longNamedMeeting.joinUrl });
    await expect(narrowLayoutProblems(canvasElement)).toEqual([]);
  },
};

/** Phone width: the same in a 375 px column on a 375 px screen. */
export const Phone: Story = { ...Narrow, ...phoneWidth };

/** Slow network: the meeting takes 2.5 s to arrive; the loading text shows first. */
export const SlowNetwork: Story = {
  parameters: scenario('meetingIssued', { delay: 2500 }),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    await expect(canvas.getByText(t('zoomMeetingLink.loading'))).toBeVisible();
    await expect(await canvas.findByRole('link', {}, { timeout: 15000 })).toBeVisible();
  },
};

const { busyHost, colleagueHost } = hostFixtures;

/**
 * Issued by 自動で選ぶ: the interviewer 小林 直樹 hosts because 佐藤 花子 was busy; the line
 * below the host says so, and 佐藤 花子 is an alternative host (she starts it from the join URL,
 * signed in to Zoom: the start URL stays with the host's owner).
 */
export const AutoPicked: Story = {
  parameters: scenario('meetingAutoPicked'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const who = t('autoHost.role.interviewer', { name: colleagueHost.ownerName });
    await expect(await canvas.findByText(t('zoomMeetingLink.autoPicked', { who }))).toBeVisible();
    await expect(
      canvas.getByText(t('zoomMeetingLink.alternativeHosts', { names: busyHost.ownerName })),
    ).toBeVisible();
  },
};

/**
 * Re-issuing an automatic meeting deleted in Zoom when nobody is free now: the save is refused
 * (no_host_available) and the alert lists who was busy and what to do. Keyboard only.
 */
export const ReissueNoHostAvailable: Story = {
  parameters: scenario('meetingSaveNoHostAvailable'),
  play: async ({ canvasElement, ...context }) => {
    const t = linkMessages(context);
    const canvas = within(canvasElement);
    const reissue = await canvas.findByRole('button', { name: t('zoomMeetingLink.reissue') });
    reissue.focus();
    await userEvent.keyboard('{Enter}');
    const [before] = t('error.no_host_available', { hosts: '|' }).split('|');
    const alert = await canvas.findByText((text) => text.startsWith(before ?? '-'));
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toHaveTextContent(t('autoHost.passed.busy', { name: busyHost.ownerName }));
  },
};
