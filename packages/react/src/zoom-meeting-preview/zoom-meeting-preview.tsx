import type { MeetingPreview } from '@ats-zoom/contract';
import { type ComponentPropsWithoutRef, useId } from 'react';
import type { MessageKey } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { useMeetingPreview } from '../meeting/use-meeting-preview';
import { ErrorWithRetry } from '../ui/error-with-retry';
import { atzRootClassName, partPropsOf } from '../ui/part-props';
import { queryPhaseOf } from '../ui/query-phase';
import { uiErrorCodeOf } from '../ui/ui-error-code-of';

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
  | 'error'
  | 'retryButton';

/** `data-state` on the root: `idle` (no host chosen), `loading`, `error` or `ready`. */
export type ZoomMeetingPreviewState = 'idle' | 'loading' | 'error' | 'ready';

export interface ZoomMeetingPreviewProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children' | 'className'> {
  /** The chosen host's connection id; `''` shows a hint to choose one. */
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

const slotNames: Record<ZoomMeetingPreviewPart, string> = {
  root: 'zoom-meeting-preview',
  title: 'title',
  status: 'status',
  skeleton: 'skeleton',
  settings: 'settings',
  setting: 'setting',
  settingName: 'setting-name',
  settingValue: 'setting-value',
  warnings: 'warnings',
  warningsTitle: 'warnings-title',
  warningList: 'warning-list',
  warning: 'warning',
  warningText: 'warning-text',
  remedy: 'remedy',
  error: 'error',
  retryButton: 'retry-button',
};

type WarningCode = MeetingPreview['warnings'][number]['code'];

const warningKeys = {
  join_before_host_needs_passcode: [
    'zoomMeetingPreview.warning.join_before_host_needs_passcode',
    'zoomMeetingPreview.remedy.join_before_host_needs_passcode',
  ],
  passcode_not_embedded: [
    'zoomMeetingPreview.warning.passcode_not_embedded',
    'zoomMeetingPreview.remedy.passcode_not_embedded',
  ],
  daily_quota_low: [
    'zoomMeetingPreview.warning.daily_quota_low',
    'zoomMeetingPreview.remedy.daily_quota_low',
  ],
  basic_license_time_limit: [
    'zoomMeetingPreview.warning.basic_license_time_limit',
    'zoomMeetingPreview.remedy.basic_license_time_limit',
  ],
  host_busy: ['zoomMeetingPreview.warning.host_busy', 'zoomMeetingPreview.remedy.host_busy'],
} as const satisfies Record<WarningCode, readonly [MessageKey, MessageKey]>;

const passcodeKeys = {
  embedded: 'zoomMeetingPreview.passcode.embedded',
  required_not_embedded: 'zoomMeetingPreview.passcode.required_not_embedded',
  none: 'zoomMeetingPreview.passcode.none',
} as const satisfies Record<MeetingPreview['passcode'], MessageKey>;

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
  className,
  classNames,
  ...rest
}: ZoomMeetingPreviewProps) {
  const { t, errorMessage } = useMessages();
  const query = useMeetingPreview({
    hostConnectionId,
    start,
    durationMinutes,
    joinBeforeHost,
    excludeInterviewId,
  });
  const ids = useId();
  const titleId = `${ids}-title`;
  const errorId = `${ids}-error`;
  const part = partPropsOf(slotNames, classNames);

  const phase = queryPhaseOf(query);
  const state: ZoomMeetingPreviewState = phase === 'settled' ? 'ready' : phase;

  const onOff = (on: boolean) => t(on ? 'zoomMeetingPreview.on' : 'zoomMeetingPreview.off');

  const renderPreview = (preview: MeetingPreview) => {
    const settings: [string, MessageKey, string][] = [
      ['passcode', 'zoomMeetingPreview.passcode', t(passcodeKeys[preview.passcode])],
      ['waiting-room', 'zoomMeetingPreview.waitingRoom', onOff(preview.waitingRoom)],
      [
        'join-before-host',
        'zoomMeetingPreview.joinBeforeHost',
        t('zoomMeetingPreview.joinBeforeHostValue', {
          requested: onOff(preview.joinBeforeHost.requested),
          effective: onOff(preview.joinBeforeHost.effective),
        }),
      ],
      [
        'quota',
        'zoomMeetingPreview.quota',
        t('zoomMeetingPreview.quotaValue', {
          remaining: preview.quota.remaining,
          limit: preview.quota.limit,
        }),
      ],
    ];
    return (
      <>
        <dl {...part('settings')}>
          {settings.map(([setting, nameKey, valueText]) => (
            <div {...part('setting')} key={setting} data-setting={setting}>
              <dt {...part('settingName')}>{t(nameKey)}</dt>
              <dd {...part('settingValue')}>{valueText}</dd>
            </div>
          ))}
        </dl>
        {preview.warnings.length === 0 ? (
          <p {...part('status')}>{t('zoomMeetingPreview.warningsNone')}</p>
        ) : (
          <div {...part('warnings')}>
            <p {...part('warningsTitle')} id={`${ids}-warnings`}>
              {t('zoomMeetingPreview.warningsTitle')}
            </p>
            <ul {...part('warningList')} aria-labelledby={`${ids}-warnings`}>
              {preview.warnings.map(({ code }) => {
                const [textKey, remedyKey] = warningKeys[code];
                return (
                  <li {...part('warning')} key={code} data-warning={code}>
                    <span {...part('warningText')}>
                      {t(textKey, {
                        remaining: preview.quota.remaining,
                        limit: preview.quota.limit,
                      })}
                    </span>{' '}
                    <span {...part('remedy')}>{t(remedyKey)}</span>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </>
    );
  };

  const renderBody = () => {
    switch (state) {
      case 'idle':
        return <p {...part('status')}>{t('zoomMeetingPreview.idle')}</p>;
      case 'loading':
        return (
          <>
            <p {...part('status')} role="status">
              {t('zoomMeetingPreview.loading')}
            </p>
            <span {...part('skeleton')} aria-hidden="true" />
          </>
        );
      case 'error':
        return (
          <ErrorWithRetry
            errorId={errorId}
            message={errorMessage(uiErrorCodeOf(query.error))}
            retryLabel={t('zoomMeetingPreview.retry')}
            onRetry={() => void query.refetch()}
            errorPart={part('error')}
            retryButtonPart={part('retryButton')}
          />
        );
      case 'ready':
        return query.data ? renderPreview(query.data) : null;
      default:
        return state satisfies never;
    }
  };

  return (
    <section
      {...rest}
      aria-labelledby={titleId}
      aria-busy={state === 'loading'}
      data-slot={slotNames.root}
      data-state={state}
      data-busy={state === 'loading' ? '' : undefined}
      data-warnings={query.data?.warnings.length ? '' : undefined}
      className={atzRootClassName(className, classNames?.root)}
    >
      <p {...part('title')} id={titleId}>
        {t('zoomMeetingPreview.title')}
      </p>
      {renderBody()}
    </section>
  );
}
