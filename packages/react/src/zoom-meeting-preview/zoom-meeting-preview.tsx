import type { Interviewer, MeetingPreview } from '@ats-zoom/contract';
import { type ComponentPropsWithoutRef, useId } from 'react';
import { passedOverText } from '../intl/error-text';
import type { MessageKeyIn, MessageValues } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { AUTO_HOST } from '../meeting/auto-host';
import { useMeetingPreview } from '../meeting/use-meeting-preview';
import { useZoomHosts } from '../meeting/use-zoom-hosts';
import { errorWithRetry } from '../ui/error-with-retry';
import { atzRootClassName, flag, partPropsOf, slotOf } from '../ui/part-props';
import { queryPhaseOf } from '../ui/query-phase';

/** Every styleable part of `ZoomMeetingPreview`; each renders with `data-slot="<part in kebab-case>"`. */
export type ZoomMeetingPreviewPart =
  | 'root'
  | 'title'
  | 'status'
  | 'skeleton'
  | 'settings'
  | 'setting'
  | 'settingName'
  | 'settingValue'
  | 'warnings'
  | 'warningsTitle'
  | 'warningList'
  | 'warning'
  | 'warningText'
  | 'remedy'
  | 'hostingTitle'
  | 'hostingList'
  | 'hosting'
  | 'error'
  | 'retryButton';

/** `data-state` on the root: `idle` (no host chosen), `loading`, `error` or `ready`. */
export type ZoomMeetingPreviewState = 'idle' | 'loading' | 'error' | 'ready';

export interface ZoomMeetingPreviewProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'className'> {
  /**
   * The chosen host's connection id; `''` shows a hint to choose one. `AUTO_HOST` (自動で選ぶ)
   * previews the host it would pick now, or says nobody is free.
   */
  hostConnectionId: string;
  /** Start of the interview slot (ISO 8601 with an offset). */
  start: string;
  durationMinutes: number;
  /** Whether the scheduler asks for the candidate to be let in before the host. */
  joinBeforeHost: boolean;
  /**
   * When rescheduling: the interview whose own meeting must not make the host busy.
   * @default undefined
   */
  excludeInterviewId?: string;
  /**
   * The interview's interviewers: the preview lists who could start the meeting (the host, the
   * alternative hosts) and why the others could not. A name shows when the BFF knows none.
   * @default undefined
   */
  interviewers?: readonly Interviewer[];
  /**
   * With `AUTO_HOST`: ATS user ids 自動で選ぶ tries before the interviewers.
   * @default undefined
   */
  prefer?: readonly string[];
  /**
   * Extra class names for the root element (it always has `atz-root`).
   * @default undefined
   */
  className?: string;
  /**
   * Extra class names per part.
   * @default undefined
   */
  classNames?: Partial<Record<ZoomMeetingPreviewPart, string>>;
}

type PreviewKey = MessageKeyIn<'zoomMeetingPreview'>;

/**
 * The preview as shown: its table rows and its warnings from one place, so they cannot disagree.
 * The passcode warnings follow the rows: a passcode the candidate types always warns, and the
 * passcode the BFF adds for join before host only shows with the rows that say so (a passcode,
 * no waiting room, join before host on). The others are the BFF's (quota, licence, schedule, time).
 */
export function meetingPreviewModel(
  preview: MeetingPreview,
  m: (key: PreviewKey, values?: MessageValues) => string,
): { settings: [PreviewKey, string][]; warnings: MeetingPreview['warnings'] } {
  const { passcode, waitingRoom, joinBeforeHost, quota, warnings } = preview;
  const onOff = (on: boolean) => m(on ? 'on' : 'off');
  const typed = passcode === 'required_not_embedded';
  const shown = warnings.filter(({ code }) =>
    code === 'passcode_not_embedded'
      ? typed
      : code !== 'join_before_host_needs_passcode' ||
        (joinBeforeHost.effective && !waitingRoom && passcode !== 'none'),
  );
  if (typed && !shown.some(({ code }) => code === 'passcode_not_embedded')) {
    shown.push({ code: 'passcode_not_embedded' });
  }
  return {
    settings: [
      ['passcode', m(`passcode.${passcode}`)],
      ['waitingRoom', onOff(waitingRoom)],
      [
        'joinBeforeHost',
        m('joinBeforeHostValue', {
          requested: onOff(joinBeforeHost.requested),
          effective: onOff(joinBeforeHost.effective),
        }),
      ],
      // `{remaining}` and `{limit}` (and `{usedToday}`, for a host's own wording).
      ['quota', m('quotaValue', quota)],
    ],
    warnings: shown,
  };
}

/**
 * What the candidate will get if the meeting is saved with this host and slot (design 1.2):
 * passcode in the URL or not, waiting room, join before host as asked and as Zoom will apply
 * it, the host's remaining daily quota, and warnings with what to do about them.
 */
export function ZoomMeetingPreview({
  hostConnectionId,
  start,
  durationMinutes,
  joinBeforeHost,
  excludeInterviewId,
  interviewers,
  prefer,
  className,
  classNames,
  ...rest
}: ZoomMeetingPreviewProps) {
  const messages = useMessages();
  const { t } = messages;
  const m = (key: MessageKeyIn<'zoomMeetingPreview'>, values?: MessageValues) =>
    t(`zoomMeetingPreview.${key}`, values);
  const userIds = interviewers?.map(({ userId }) => userId);
  const auto = hostConnectionId === AUTO_HOST;
  // 自動で選ぶ: the same host list as the picker's (one request), for the host it would pick.
  const hostsQuery = useZoomHosts({
    start,
    durationMinutes,
    excludeInterviewId,
    interviewers: userIds,
    prefer,
    enabled: auto,
  });
  const pick = auto ? hostsQuery.data?.auto : undefined;
  const previewQuery = useMeetingPreview({
    hostConnectionId: auto ? (pick?.connectionId ?? '') : hostConnectionId,
    start,
    durationMinutes,
    joinBeforeHost,
    excludeInterviewId,
    interviewers: userIds,
  });
  const query = auto && !pick ? hostsQuery : previewQuery;
  const { data } = previewQuery;
  const ids = useId();
  const titleId = `${ids}-title`;
  const warningsId = `${ids}-warnings`;
  const hostingId = `${ids}-hosting`;
  // The root sets its own slot name (`zoom-meeting-preview`).
  const part = partPropsOf(classNames);

  const phase = queryPhaseOf(query);
  // Nobody free for 自動で選ぶ: idle (no host), saying so.
  const state: ZoomMeetingPreviewState = phase === 'settled' ? 'ready' : phase;
  const loading = state === 'loading';

  const model = data && meetingPreviewModel(data, m);
  return (
    <section
      {...rest}
      aria-labelledby={titleId}
      aria-busy={loading}
      data-slot="zoom-meeting-preview"
      data-state={state}
      data-busy={flag(loading)}
      data-warnings={flag(model?.warnings.length)}
      className={atzRootClassName(className, classNames?.root)}
    >
      <p {...part('title')} id={titleId}>
        {m('title')}
      </p>
      {state === 'idle' ? (
        <p {...part('status')}>
          {pick ? m('autoNone', { hosts: passedOverText(messages, pick.passedOver) }) : m('idle')}
        </p>
      ) : loading ? (
        <>
          <p {...part('status')} role="status">
            {m('loading')}
          </p>
          <span {...part('skeleton')} aria-hidden="true" />
        </>
      ) : state === 'error' ? (
        errorWithRetry(messages, `${ids}-error`, query, m('retry'), part)
      ) : data && model ? (
        <>
          {/* Each setting's name is its message; `data-setting` is that name in kebab-case. */}
          <dl {...part('settings')}>
            {model.settings.map(([name, valueText]) => (
              <div key={name} {...part('setting')} data-setting={slotOf(name)}>
                <dt {...part('settingName')}>{m(name)}</dt>
                <dd {...part('settingValue')}>{valueText}</dd>
              </div>
            ))}
          </dl>
          {model.warnings.length === 0 ? (
            <p {...part('status')}>{m('warningsNone')}</p>
          ) : (
            <div {...part('warnings')}>
              <p {...part('warningsTitle')} id={warningsId}>
                {m('warningsTitle')}
              </p>
              <ul {...part('warningList')} aria-labelledby={warningsId}>
                {model.warnings.map(({ code }) => (
                  <li key={code} {...part('warning')} data-warning={code}>
                    <span {...part('warningText')}>{m(`warning.${code}`, data.quota)}</span>{' '}
                    <span {...part('remedy')}>{m(`remedy.${code}`)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {data.interviewers.length ? (
            <>
              <p {...part('hostingTitle')} id={hostingId}>
                {m('hosting')}
              </p>
              <ul {...part('hostingList')} aria-labelledby={hostingId}>
                {data.interviewers.map(({ userId, name, status }) => (
                  <li key={userId} {...part('hosting')} data-status={status}>
                    {m(`hosting.${status}`, {
                      name:
                        name ??
                        interviewers?.find((each) => each.userId === userId)?.name ??
                        userId,
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
