import type { Host } from '@ats-zoom/contract';
import * as Select from '@radix-ui/react-select';
import { type ComponentPropsWithoutRef, useId, useState } from 'react';
import type { MessageKey } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { useTimeFormat } from '../intl/use-time-format';
import { useZoomHosts } from '../meeting/use-zoom-hosts';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { ErrorWithRetry } from '../ui/error-with-retry';
import { handleListKeysInShadowRoot } from '../ui/list-keys-in-shadow-root';
import { atzRootClassName, partPropsOf } from '../ui/part-props';
import { queryPhaseOf } from '../ui/query-phase';
import { uiErrorCodeOf } from '../ui/ui-error-code-of';

/** Every styleable part of `ZoomHostPicker`; each renders with `data-slot="<part in kebab-case>"`. */
export type ZoomHostPickerPart =
  | 'root'
  | 'label'
  | 'trigger'
  | 'value'
  | 'icon'
  | 'content'
  | 'viewport'
  | 'item'
  | 'itemText'
  | 'itemName'
  | 'itemEmail'
  | 'itemDetail'
  | 'badge'
  | 'conflicts'
  | 'reason'
  | 'status'
  | 'skeleton'
  | 'empty'
  | 'error'
  | 'retryButton';

/**
 * What the picker shows, as `data-state` on the root: `idle` (no slot yet), `loading`,
 * `error`, `empty` (no connected Zoom account in the tenant) or `ready`.
 */
export type ZoomHostPickerState = 'idle' | 'loading' | 'error' | 'empty' | 'ready';

export interface ZoomHostPickerProps
  extends Omit<
    ComponentPropsWithoutRef<'div'>,
    'children' | 'className' | 'defaultValue' | 'onChange' | 'dir'
  > {
  /** Start of the interview slot (ISO 8601 with an offset); busy badges are for this slot. */
  start: string;
  /** Length of the slot in minutes. */
  durationMinutes: number;
  /**
   * When rescheduling: the interview whose own meeting must not count as a conflict.
   * @default undefined
   */
  excludeInterviewId?: string;
  /**
   * The chosen host's connection id (controlled); `''` shows the placeholder.
   * @default undefined
   */
  value?: string;
  /**
   * The initially chosen host's connection id (uncontrolled).
   * @default undefined
   */
  defaultValue?: string;
  /**
   * Called with the connection id and the host when the user picks one.
   * @default undefined
   */
  onValueChange?: (connectionId: string, host: Host | undefined) => void;
  /**
   * Form field name: the picker then carries a native select for form posts.
   * @default undefined
   */
  name?: string;
  /**
   * Visible label of the picker.
   * @default the `zoomHostPicker.label` message
   */
  label?: string;
  /** @default false */
  disabled?: boolean;
  /** @default false */
  required?: boolean;
  /**
   * IANA time zone for the conflicting times.
   * @default the browser's time zone
   */
  timeZone?: string;
  /**
   * Extra class names for the root element (it always has `atz-root`).
   * @default undefined
   */
  className?: string;
  /**
   * Extra class names per part, e.g. `{ trigger: 'form-select' }`.
   * @default undefined
   */
  classNames?: Partial<Record<ZoomHostPickerPart, string>>;
}

const slotNames: Record<ZoomHostPickerPart, string> = {
  root: 'zoom-host-picker',
  label: 'label',
  trigger: 'trigger',
  value: 'value',
  icon: 'icon',
  content: 'host-picker-content',
  viewport: 'viewport',
  item: 'item',
  itemText: 'item-text',
  itemName: 'item-name',
  itemEmail: 'item-email',
  itemDetail: 'item-detail',
  badge: 'badge',
  conflicts: 'conflicts',
  reason: 'reason',
  status: 'status',
  skeleton: 'skeleton',
  empty: 'empty',
  error: 'error',
  retryButton: 'retry-button',
};

const reasonKeys = {
  needs_reauth: 'zoomHostPicker.unavailable.needs_reauth',
  moved: 'zoomHostPicker.unavailable.moved',
  revoked: 'zoomHostPicker.unavailable.revoked',
} as const satisfies Record<NonNullable<Host['unavailableReason']>, MessageKey>;

/**
 * Chooses the interview's host among every connected Zoom account of the tenant (design
 * section 7), on Radix Select. Hosts with something at that time carry a 予定あり badge with the
 * overlapping times (in the item and as its description; a time from the owner's Google Calendar
 * says so), hosts whose calendar could not be read say 確認できません, and accounts that must be
 * re-linked are shown disabled with the reason.
 */
export function ZoomHostPicker({
  start,
  durationMinutes,
  excludeInterviewId,
  value,
  defaultValue,
  onValueChange,
  name,
  label,
  disabled = false,
  required = false,
  timeZone,
  className,
  classNames,
  ...rest
}: ZoomHostPickerProps) {
  const { t, errorMessage } = useMessages();
  const { portalContainer } = useAtsZoomContext();
  const format = useTimeFormat(timeZone);
  const query = useZoomHosts({ start, durationMinutes, excludeInterviewId });
  const ids = useId();
  const labelId = `${ids}-label`;
  const errorId = `${ids}-error`;

  const part = partPropsOf(slotNames, classNames);

  const hosts = query.data?.hosts ?? [];
  const phase = queryPhaseOf(query);
  let state: ZoomHostPickerState;
  if (phase !== 'settled') state = phase;
  else state = hosts.length === 0 ? 'empty' : 'ready';

  const renderDetail = (host: Host, detailId: string) => {
    if (!host.selectable) {
      const reason = host.unavailableReason ?? 'needs_reauth';
      return (
        <span {...part('itemDetail')} id={detailId}>
          <span {...part('reason')} data-reason={reason}>
            {t(reasonKeys[reason])}
          </span>{' '}
          <span {...part('conflicts')}>{t('zoomHostPicker.unavailableHint')}</span>
        </span>
      );
    }
    if (host.busy === 'busy') {
      const times = host.conflicts
        .map((conflict) => {
          const time = format.timeRange(conflict.start, conflict.end);
          // Busy in the owner's own calendar: say so, since it is not a Zoom meeting to look up.
          return conflict.source === 'google'
            ? t('zoomHostPicker.conflict.google', { time, name: host.ownerName })
            : time;
        })
        .join(t('list.separator'));
      return (
        <span {...part('itemDetail')} id={detailId}>
          <span {...part('badge')} data-busy="">
            {t('zoomHostPicker.busy')}
          </span>{' '}
          {times === '' ? null : (
            <span {...part('conflicts')}>{t('zoomHostPicker.conflicts', { times })}</span>
          )}
        </span>
      );
    }
    if (host.busy === 'unknown') {
      return (
        <span {...part('itemDetail')} id={detailId}>
          <span {...part('badge')} data-unknown="">
            {t('zoomHostPicker.unknown')}
          </span>{' '}
          <span {...part('conflicts')}>{t('zoomHostPicker.unknownHint')}</span>
        </span>
      );
    }
    return null;
  };

  // While the list is open Radix hides the rest of the page from assistive tech; the trigger then
  // leaves the tab order too, so nothing focusable sits inside the hidden part (focus returns to
  // it when the list closes).
  const [open, setOpen] = useState(false);

  const handleValueChange = (connectionId: string) => {
    onValueChange?.(
      connectionId,
      hosts.find((host) => host.connectionId === connectionId),
    );
  };

  const renderSelect = () => (
    <Select.Root
      value={value}
      defaultValue={defaultValue}
      onValueChange={handleValueChange}
      name={name}
      disabled={disabled || state !== 'ready'}
      required={required}
      open={open}
      onOpenChange={setOpen}
    >
      <Select.Trigger
        {...part('trigger')}
        aria-labelledby={labelId}
        tabIndex={open ? -1 : undefined}
        data-disabled={disabled || state !== 'ready' ? '' : undefined}
      >
        <Select.Value {...part('value')} placeholder={t('zoomHostPicker.placeholder')} />
        <Select.Icon {...part('icon')} />
      </Select.Trigger>
      {/* The provider's portalContainer keeps the list inside a host's shadow root. */}
      <Select.Portal container={portalContainer}>
        <Select.Content
          {...part('content')}
          className={atzRootClassName(classNames?.content)}
          onKeyDown={handleListKeysInShadowRoot}
          position="popper"
          sideOffset={4}
        >
          <Select.Viewport {...part('viewport')}>
            {hosts.map((host) => {
              const textId = `${ids}-${host.connectionId}-text`;
              const detailId = `${ids}-${host.connectionId}-detail`;
              const detail = renderDetail(host, detailId);
              return (
                <Select.Item
                  key={host.connectionId}
                  {...part('item')}
                  value={host.connectionId}
                  textValue={host.ownerName}
                  disabled={!host.selectable}
                  // The name holds everything the item shows (予定あり and the times included), so
                  // what a speech-input user reads out is the option's name (WCAG 2.5.3).
                  aria-labelledby={detail === null ? textId : `${textId} ${detailId}`}
                  data-availability={host.selectable ? host.busy : 'unavailable'}
                  data-busy={host.selectable && host.busy === 'busy' ? '' : undefined}
                >
                  <Select.ItemText {...part('itemText')} id={textId}>
                    <span {...part('itemName')}>{host.ownerName}</span>
                    {host.zoomEmail ? (
                      <>
                        {' '}
                        <span {...part('itemEmail')}>{host.zoomEmail}</span>
                      </>
                    ) : null}
                  </Select.ItemText>
                  {detail}
                </Select.Item>
              );
            })}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );

  const renderState = () => {
    switch (state) {
      case 'idle':
      case 'ready':
        return renderSelect();
      case 'loading':
        return (
          <>
            <span {...part('status')} role="status">
              {t('zoomHostPicker.loading')}
            </span>
            <span {...part('skeleton')} aria-hidden="true" />
          </>
        );
      case 'empty':
        return (
          <p {...part('empty')} role="status">
            {t('zoomHostPicker.empty')}
          </p>
        );
      case 'error':
        return (
          <ErrorWithRetry
            errorId={errorId}
            message={errorMessage(uiErrorCodeOf(query.error))}
            retryLabel={t('zoomHostPicker.retry')}
            onRetry={() => void query.refetch()}
            errorPart={part('error')}
            retryButtonPart={part('retryButton')}
          />
        );
      default:
        return state satisfies never;
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
    <div
      {...rest}
      role="group"
      aria-labelledby={labelId}
      aria-busy={state === 'loading'}
      data-slot={slotNames.root}
      data-state={state}
      data-busy={state === 'loading' ? '' : undefined}
      data-disabled={disabled ? '' : undefined}
      className={atzRootClassName(className, classNames?.root)}
    >
      <span {...part('label')} id={labelId}>
        {label ?? t('zoomHostPicker.label')}
      </span>
      {renderState()}
    </div>
  );
}
