import type { Provider } from '@ats-zoom/contract';
import {
  createConnectionHandlers,
  type GoogleConnectionScenarioName,
  type OutlookConnectionScenarioName,
  type ZoomConnectionScenarioName,
} from '@ats-zoom/msw';
import { QueryClient } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RequestHandler } from 'msw';
import type { ReactElement } from 'react';
import { expect, vi } from 'vitest';
import type { Locale, Messages } from '../src/intl/messages';
import { en } from '../src/locales/en';
import { ja } from '../src/locales/ja';
import { AtsZoomProvider } from '../src/provider/ats-zoom-provider';
import { server } from './msw-server';

export const bffUrl = 'http://bff.test';

/** The shipped languages by code, for tests that pick one by name. */
export const languages = { ja, en } as const;
export const bffOrigin = new URL(bffUrl).origin;

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
}

export interface RenderOptions {
  /** The Zoom link's state. @default 'notConnected' */
  scenario?: ZoomConnectionScenarioName;
  /** The Google Calendar link's state. @default 'notConnected' */
  googleScenario?: GoogleConnectionScenarioName;
  /** The Outlook link's state; left out, the fake BFF has no Outlook configured. */
  outlookScenario?: OutlookConnectionScenarioName;
  /** @default 'ja' */
  locale?: Locale;
  messages?: Partial<Messages>;
  /** Render under React's StrictMode (effects mount, unmount and mount again). */
  strict?: boolean;
  /** More MSW handlers (host, meeting, preview scenarios), installed before the connection scenario. */
  handlers?: RequestHandler[];
}

/** Renders `ui` under a provider with a fresh QueryClient, against one MSW scenario of the BFF. */
export function renderWithProvider(ui: ReactElement, options: RenderOptions = {}) {
  server.use(
    ...(options.handlers ?? []),
    ...createConnectionHandlers({
      baseUrl: bffUrl,
      zoom: options.scenario,
      google: options.googleScenario,
      outlook: options.outlookScenario,
    }),
  );
  const user = userEvent.setup();
  const queryClient = testQueryClient();
  const view = render(
    <AtsZoomProvider
      bffUrl={bffUrl}
      getToken={() => 'host-token'}
      queryClient={queryClient}
      locale={languages[options.locale ?? 'ja']}
      messages={options.messages}
    >
      {ui}
    </AtsZoomProvider>,
    { reactStrictMode: options.strict ?? false },
  );
  return { ...view, user, queryClient };
}

export interface FakePopup {
  closed: boolean;
  location: { href: string };
  close: () => void;
}

/** Makes `window.open` return a controllable stand-in for the OAuth popup. */
export function openFakePopups() {
  const popups: FakePopup[] = [];
  const open = vi.spyOn(window, 'open').mockImplementation(() => {
    const popup: FakePopup = {
      closed: false,
      location: { href: '' },
      close: vi.fn(() => {
        popup.closed = true;
      }),
    };
    popups.push(popup);
    return popup as unknown as Window;
  });
  return { open, popups };
}

/** Delivers a `message` event as the OAuth callback page's `postMessage` would. */
export function postOAuthResult(options: {
  source: unknown;
  attemptId: string;
  ok?: boolean;
  origin?: string;
  /** @default 'zoom' */
  provider?: Provider;
}) {
  const event = new MessageEvent('message', {
    origin: options.origin ?? bffOrigin,
    data: {
      type: 'ats-zoom:oauth-result',
      provider: options.provider ?? 'zoom',
      attemptId: options.attemptId,
      ok: options.ok ?? true,
    },
  });
  // jsdom only accepts real windows as `source` in the init dictionary.
  Object.defineProperty(event, 'source', { value: options.source });
  window.dispatchEvent(event);
}

/** Collects the attempt ids the fake BFF hands out, to post results that match them. */
export function recordAttemptIds(): string[] {
  const attemptIds: string[] = [];
  server.events.on('response:mocked', async ({ request, response }) => {
    if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/authorize')) return;
    const body = (await response.clone().json()) as { attemptId: string };
    attemptIds.push(body.attemptId);
  });
  return attemptIds;
}

/**
 * Waits until the popup was sent to the authorization URL and the component has committed the
 * attempt (its listeners attach in an effect), as a real callback can only arrive after that.
 */
export async function waitForAuthorizationPage(popup: FakePopup | undefined) {
  await waitFor(() => expect(popup?.location.href).toBe('about:blank'));
  await act(async () => {});
}
