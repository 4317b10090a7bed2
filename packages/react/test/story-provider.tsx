import type { Decorator, StoryContext } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import type { RequestHandler } from 'msw';
import { type ReactNode, useState } from 'react';
import { spyOn } from 'storybook/test';
import {
  errorMessageKeyIn,
  formatMessage,
  type Locale,
  type MessageKey,
  type Messages,
  type MessageValues,
  type UiErrorCode,
} from '../src/intl/messages';
import { en } from '../src/locales/en';
import { ja } from '../src/locales/ja';
import { AtsZoomProvider } from '../src/provider/ats-zoom-provider';

/** The shipped languages by code: stories pick one from the toolbar or their parameters. */
export const storyLanguages = { ja, en } as const;

/** Same origin as the story iframe, so the MSW worker answers without CORS in the way. */
export const storyBffUrl = `${window.location.origin}/bff`;

/** `parameters.msw` for a story: one entry per scenario group, so a story overrides one group. */
export function mswGroups(groups: Record<string, RequestHandler[]>) {
  return { msw: { handlers: groups } };
}

function StoryProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  // One QueryClient per story render, without retries, so error states show at once.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
      }),
  );
  return (
    <AtsZoomProvider
      bffUrl={storyBffUrl}
      getToken={() => 'storybook-host-token'}
      locale={storyLanguages[locale]}
      queryClient={queryClient}
    >
      {children}
    </AtsZoomProvider>
  );
}

/**
 * The language a story renders in: its own `parameters.locale` (a story about one language),
 * else the toolbar's `locale` global, else ja. Test runs use the default globals, so ja.
 */
export function storyLocaleOf(context: Pick<StoryContext, 'parameters' | 'globals'>): Locale {
  const pinned = context.parameters.locale as Locale | undefined;
  const chosen = context.globals.locale as Locale | undefined;
  return pinned ?? chosen ?? 'ja';
}

/**
 * The catalogue a story shows: the language's, with `extra` texts merged in (the Outlook
 * button's, from its own entry).
 */
export function storyCatalogue(
  context: Pick<StoryContext, 'parameters' | 'globals'>,
  extra?: Partial<Record<Locale, Record<string, string>>>,
): Messages {
  const locale = storyLocaleOf(context);
  return { ...storyLanguages[locale].messages, ...extra?.[locale] };
}

/**
 * The texts a story shows, for play functions that must pass in either language. A text that
 * names a calendar (`{calendar}`) names Google's unless `values.calendar` says otherwise.
 */
export function storyMessages(context: Pick<StoryContext, 'parameters' | 'globals'>) {
  const messages = storyCatalogue(context);
  return (key: MessageKey, values?: MessageValues) =>
    formatMessage(messages[key], { calendar: messages['calendar.google'], ...values });
}

/**
 * `storyMessages` for a component whose own texts come from its own entry (the meeting link's):
 * `extra` holds them by language, and their keys are accepted beside the provider's.
 */
export function storyMessagesWith<ExtraKey extends string>(
  context: Pick<StoryContext, 'parameters' | 'globals'>,
  extra: Record<Locale, Record<ExtraKey, string>>,
) {
  const provider = storyCatalogue(context);
  const own = extra[storyLocaleOf(context)];
  return (key: MessageKey | ExtraKey, values?: MessageValues) =>
    formatMessage(key in own ? own[key as ExtraKey] : provider[key as MessageKey], {
      calendar: provider['calendar.google'],
      ...values,
    });
}

/**
 * The text a story shows for an error code (`scope`: a component's own wording, see
 * `errorMessageKeyIn`), naming `calendar` (default Google) where the text names one.
 */
export function storyErrorMessage(
  context: Pick<StoryContext, 'parameters' | 'globals'>,
  code: UiErrorCode,
  scope?: string,
  options: { calendar?: 'google' | 'outlook'; extra?: Record<Locale, Record<string, string>> } = {},
): string {
  const messages = storyCatalogue(context, options.extra);
  return formatMessage(messages[errorMessageKeyIn(messages, code, scope)], {
    calendar: messages[`calendar.${options.calendar ?? 'google'}`],
  });
}

/** Wraps a story in its own provider, in the language `storyLocaleOf` picks. */
export const withStoryProvider: Decorator = (Story, context) => (
  <StoryProvider locale={storyLocaleOf(context)}>
    <Story />
  </StoryProvider>
);

/** Renders a story in a 320 px wide frame: the narrowest phone a host page is laid out for. */
export const withNarrowFrame: Decorator = (Story) => (
  <div className="atz-story-narrow">
    <Story />
  </div>
);

/**
 * Renders a story as the last cell of a three-column settings table, as a host page lays out
 * its integrations (service, description, status): on a phone that cell is narrow.
 */
export const withSettingsTableCell: Decorator = (Story) => (
  <table className="atz-story-table">
    <thead>
      <tr>
        <th scope="col">サービス</th>
        <th scope="col">説明</th>
        <th scope="col">連携状況</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <th scope="row">Web 会議</th>
        <td>Web面接の URL を発行し、面接官の予定を登録します。</td>
        <td>
          <Story />
        </td>
      </tr>
    </tbody>
  </table>
);

/** Renders a story in a 375 px wide frame: a common phone's width. */
export const withPhoneFrame: Decorator = (Story) => (
  <div className="atz-story-narrow" data-width="375">
    <Story />
  </div>
);

/**
 * The 375 px viewport of the phone stories, next to Storybook's own (`mobile1` is 320 px wide).
 * preview.tsx offers it in the toolbar; the story tests open the page at this size.
 */
export const phoneViewport = {
  phone375: { name: 'Phone (375 px)', styles: { width: '375px', height: '667px' }, type: 'mobile' },
} as const;

/**
 * A narrow story: a 320 px column everywhere (story tests and docs pages included), opened in
 * the toolbar's 320 px "Small mobile" viewport in the Storybook UI and in the story tests.
 */
export const narrowWidth = {
  decorators: [withNarrowFrame],
  globals: { viewport: { value: 'mobile1', isRotated: false } },
};

/** A phone story: a 375 px column, in a 375 px wide viewport (UI and story tests). */
export const phoneWidth = {
  decorators: [withPhoneFrame],
  globals: { viewport: { value: 'phone375', isRotated: false } },
};

export interface StoryPopup {
  closed: boolean;
  location: { href: string };
  close: () => void;
}

/** Stands in for the OAuth popup in a play function: the fake BFF's authorization URL is about:blank anyway. */
export function fakePopupWindow() {
  const popups: StoryPopup[] = [];
  const open = spyOn(window, 'open').mockImplementation(() => {
    const popup: StoryPopup = {
      closed: false,
      location: { href: '' },
      close: () => {
        popup.closed = true;
      },
    };
    popups.push(popup);
    return popup as unknown as Window;
  });
  return { open, popups };
}

/** Names and addresses longer than any layout expects, for the "long names" stories. */
export const longNames = Object.freeze({
  personName: '長谷川 アレクサンドラ 美智子 ヴィルヘルミーナ 勅使河原',
  email:
    'alexandra.michiko.hasegawa-wilhelmina.teshigawara.recruiting@very-long-subsidiary-name.acme-corporation.example.com',
});

/** The parts drawn as one-line badges: a badge broken over lines reads as a letter per line. */
const badgeSelector = [
  '[data-slot="header"] > [data-slot="status"]',
  '[data-slot="badge"]',
  '[data-slot="reason"]',
].join(', ');

function describeNode(node: Element): string {
  const slot = node.getAttribute('data-slot');
  const text = (node.textContent ?? '').trim().slice(0, 40);
  return `${node.tagName.toLowerCase()}${slot ? `[data-slot="${slot}"]` : ''} "${text}"`;
}

/** How many lines the element's text is drawn on. */
function linesOf(node: Element): number {
  const range = node.ownerDocument.createRange();
  range.selectNodeContents(node);
  const tops = new Set<number>();
  for (const box of range.getClientRects()) {
    if (box.width > 0) tops.add(Math.round(box.top / 4));
  }
  return tops.size;
}

/**
 * What is wrong with a narrow layout, as readable lines (none when it holds): the page scrolls
 * sideways, something in the narrow frame, or an open list portalled out of it (any other
 * `.atz-root` in the page), sticks out of the frame or the screen, or a badge wraps.
 */
export function narrowLayoutProblems(canvasElement: HTMLElement): string[] {
  const document = canvasElement.ownerDocument;
  const page = document.documentElement;
  const problems: string[] = [];
  if (page.scrollWidth > page.clientWidth + 1) {
    problems.push(`the page scrolls sideways (${page.scrollWidth} > ${page.clientWidth} px)`);
  }
  const frame = canvasElement.querySelector('.atz-story-narrow') ?? canvasElement;
  if (frame.scrollWidth > frame.clientWidth + 1) {
    problems.push(`the frame scrolls sideways (${frame.scrollWidth} > ${frame.clientWidth} px)`);
  }
  const bounds = frame.getBoundingClientRect();
  const sticksOut = (node: Element, left: number, right: number) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && (box.left < left - 1 || box.right > right + 1);
  };
  for (const node of frame.querySelectorAll('*')) {
    if (sticksOut(node, bounds.left, bounds.right))
      problems.push(`${describeNode(node)} leaves the frame`);
  }
  const portalled = [...document.querySelectorAll('.atz-root')].filter(
    (root) => !frame.contains(root),
  );
  for (const root of portalled) {
    for (const node of [root, ...root.querySelectorAll('*')]) {
      if (sticksOut(node, 0, page.clientWidth))
        problems.push(`${describeNode(node)} leaves the screen`);
    }
  }
  for (const root of [frame, ...portalled]) {
    for (const badge of root.querySelectorAll(badgeSelector)) {
      if (linesOf(badge) > 1) problems.push(`${describeNode(badge)} wraps`);
    }
  }
  return problems;
}
