import type { AutoHostPick, Host, Interviewer } from '@ats-zoom/contract';
import * as Select from '@radix-ui/react-select';
import { type ComponentPropsWithoutRef, type ReactNode, useId, useState } from 'react';
import { passedOverText } from '../intl/error-text';
import type { MessageKeyIn, MessageValues } from '../intl/messages';
import { useMessages } from '../intl/use-messages';
import { useTimeFormat } from '../intl/use-time-format';
import { AUTO_HOST } from '../meeting/auto-host';
import { useZoomHosts } from '../meeting/use-zoom-hosts';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { errorWithRetry } from '../ui/error-with-retry';
import { handleListKeysInShadowRoot } from '../ui/list-keys-in-shadow-root';
import { atzRootClassName, flag, partPropsOf } from '../ui/part-props';
import { queryPhaseOf } from '../ui/query-phase';

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
  | 'current'
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
   * When changing the host: the interview's current host, marked 現在のホスト / "Current host"
   * in its option (as text and in the option's name, not by colour alone).
   * @default undefined
   */
  currentHostConnectionId?: string;
  /**
   * Offer 自動で選ぶ first: the BFF picks the first host free at the slot (`prefer`, then the
   * interviewers, the scheduler, then the others). Its description says who would be picked and
   * why, or that nobody is free and who is busy. Picking it reports `AUTO_HOST`: save with
   * `host: { auto: true, prefer }` instead of `hostConnectionId`.
   * @default false
   */
  allowAuto?: boolean;
  /**
   * The interview's interviewers, in order: 自動で選ぶ tries them first.
   * @default undefined
   */
  interviewers?: readonly Pick<Interviewer, 'userId'>[];
  /**
   * ATS user ids 自動で選ぶ tries before the interviewers.
   * @default undefined
   */
  prefer?: readonly string[];
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
   * Called with the connection id and the host when the user picks one (`AUTO_HOST` and
   * `undefined` for 自動で選ぶ).
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

/**
 * Chooses the interview's host among every connected Zoom account of the tenant (design
 * section 7), on Radix Select. Hosts with something at that time carry a 予定あり badge with the
 * overlapping times (in the item and as its description; a time from the owner's Google or
 * Outlook calendar says so), hosts whose calendar could not be read say 確認できません, and accounts that must be
 * re-linked are shown disabled with the reason.
 */
export function ZoomHostPicker({
  start,
  durationMinutes,
  excludeInterviewId,
  currentHostConnectionId,
  allowAuto,
  interviewers,
  prefer,
  value,
  defaultValue,
  onValueChange,
  name,
  label,
  disabled,
  required = false,
  timeZone,
  className,
  classNames,
  ...rest
}: ZoomHostPickerProps) {
  const messages = useMessages();
  const { t } = messages;
  const m = (key: MessageKeyIn<'zoomHostPicker'>, values?: MessageValues) =>
    t(`zoomHostPicker.${key}`, values);
  const { portalContainer } = useAtsZoomContext();
  const format = useTimeFormat(timeZone);
  const query = useZoomHosts({
    start,
    durationMinutes,
    excludeInterviewId,
    interviewers: interviewers?.map(({ userId }) => userId),
    prefer,
  });
  const ids = useId();
  const labelId = `${ids}-label`;

  // Slot names are the parts in kebab-case (`itemText` → `item-text`); the root and the list,
  // the only exceptions, set theirs themselves.
  const part = partPropsOf(classNames);

  const hosts = query.data?.hosts ?? [];
  const auto = allowAuto ? query.data?.auto : undefined;
  const phase = queryPhaseOf(query);
  const state: ZoomHostPickerState = phase !== 'settled' ? phase : hosts.length ? 'ready' : 'empty';
  const loading = state === 'loading';
  const selectDisabled = disabled || state !== 'ready';

  // While the list is open Radix hides the rest of the page from assistive tech; the trigger then
  // leaves the tab order too, so nothing focusable sits inside the hidden part (focus returns to
  // it when the list closes).
  const [open, setOpen] = useState(false);

  /**
   * One option: the name (and e-mail) as its text, then the current-host mark and the detail.
   * The option's name holds everything it shows (予定あり and the times included), so what a
   * speech-input user reads out is the option's name (WCAG 2.5.3).
   */
  const renderItem = (
    id: string,
    name: string,
    email: string | null,
    detail: ReactNode,
    state: Record<`data-${string}`, string | undefined> & { disabled?: boolean },
  ) => {
    const textId = `${ids}-${id}-text`;
    const detailId = `${ids}-${id}-detail`;
    const currentId = `${ids}-${id}-current`;
    const current = id === currentHostConnectionId;
    return (
      <Select.Item
        key={id}
        {...part('item')}
        value={id}
        textValue={name}
        aria-labelledby={`${textId}${current ? ` ${currentId}` : ''}${detail ? ` ${detailId}` : ''}`}
        data-current={flag(current)}
        {...state}
      >
        <Select.ItemText {...part('itemText')} id={textId}>
          <span {...part('itemName')}>{name}</span>
          {email ? (
            <>
              {' '}
              <span {...part('itemEmail')}>{email}</span>
            </>
          ) : null}
        </Select.ItemText>
        {/* A space before each of the mark and the detail: their words stay apart in the item's
            text (what speech input and axe's name check read) and when it renders unstyled. */}
        {current ? ' ' : null}
        {current ? (
          <span {...part('current')} id={currentId}>
            {m('current')}
          </span>
        ) : null}
        {detail ? ' ' : null}
        {detail ? (
          <span {...part('itemDetail')} id={detailId}>
            {detail}
          </span>
        ) : null}
      </Select.Item>
    );
  };

  const renderHost = (host: Host) => {
    const { ownerName, selectable } = host;
    const availability = selectable ? host.busy : 'unavailable';
    // After the name: nothing for a free host; why for an unavailable one (it is disabled), a
    // badge for a busy or unknown one; each with its hint.
    let detail: ReactNode;
    const busy = availability === 'busy';
    if (availability !== 'free') {
      const reason = host.unavailableReason ?? 'needs_reauth';
      const unavailable = availability === 'unavailable';
      // Busy: the overlapping times; a time from the owner's own calendar says so, since it is
      // not a Zoom meeting to look up.
      const times =
        busy &&
        host.conflicts
          .map(({ start, end, source }) => {
            const time = format.timeRange(start, end);
            return source === 'zoom' || source === 'ats'
              ? time
              : m(`conflict.${source}`, { time, name: ownerName });
          })
          .join(t('list.separator'));
      const hint = !busy ? m(`${availability}Hint`) : times ? m('conflicts', { times }) : null;
      detail = (
        <>
          <span
            {...part(unavailable ? 'reason' : 'badge')}
            data-reason={unavailable ? reason : undefined}
            data-busy={flag(busy)}
            data-unknown={flag(availability === 'unknown')}
          >
            {m(unavailable ? `unavailable.${reason}` : availability)}
          </span>{' '}
          {hint !== null && <span {...part('conflicts')}>{hint}</span>}
        </>
      );
    }
    return renderItem(host.connectionId, ownerName, host.zoomEmail, detail, {
      disabled: !selectable,
      'data-availability': availability,
      'data-busy': flag(busy),
    });
  };

  /** 自動で選ぶ, described by whom it would pick and why (or that nobody is free, and who is busy). */
  const renderAuto = ({ ownerName: name, role, passedOver }: AutoHostPick) => {
    const hosts = passedOverText(messages, passedOver);
    return renderItem(
      AUTO_HOST,
      m('auto'),
      null,
      name
        ? `${m('autoFree', { who: t(`autoHost.role.${role ?? 'other'}`, { name }) })}${hosts && m('autoPassedOver', { hosts })}`
        : m('autoNone', { hosts }),
      { 'data-availability': name ? 'free' : 'busy', 'data-auto': '' },
    );
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> brings UA borders and padding into the host page.
    <div
      {...rest}
      role="group"
      aria-labelledby={labelId}
      aria-busy={loading}
      data-slot="zoom-host-picker"
      data-state={state}
      data-busy={flag(loading)}
      data-disabled={flag(disabled)}
      className={atzRootClassName(className, classNames?.root)}
    >
      <span {...part('label')} id={labelId}>
        {label ?? m('label')}
      </span>
      {loading ? (
        <>
          <span {...part('status')} role="status">
            {m('loading')}
          </span>
          <span {...part('skeleton')} aria-hidden="true" />
        </>
      ) : state === 'empty' ? (
        <p {...part('empty')} role="status">
          {m('empty')}
        </p>
      ) : state === 'error' ? (
        errorWithRetry(messages, `${ids}-error`, query, m('retry'), part)
      ) : (
        // idle or ready
        <Select.Root
          value={value}
          defaultValue={defaultValue}
          onValueChange={(id) =>
            onValueChange?.(
              id,
              hosts.find((host) => host.connectionId === id),
            )
          }
          name={name}
          disabled={selectDisabled}
          required={required}
          open={open}
          onOpenChange={setOpen}
        >
          <Select.Trigger
            {...part('trigger')}
            aria-labelledby={labelId}
            tabIndex={open ? -1 : undefined}
            data-disabled={flag(selectDisabled)}
          >
            <Select.Value {...part('value')} placeholder={m('placeholder')} />
            <Select.Icon {...part('icon')} />
          </Select.Trigger>
          {/* The provider's portalContainer keeps the list inside a host's shadow root. */}
          <Select.Portal container={portalContainer}>
            <Select.Content
              data-slot="host-picker-content"
              className={atzRootClassName(classNames?.content)}
              onKeyDown={handleListKeysInShadowRoot}
              position="popper"
              sideOffset={4}
            >
              <Select.Viewport {...part('viewport')}>
                {auto && renderAuto(auto)}
                {hosts.map(renderHost)}
              </Select.Viewport>
            </Select.Content>
          </Select.Portal>
        </Select.Root>
      )}
    </div>
  );
}
