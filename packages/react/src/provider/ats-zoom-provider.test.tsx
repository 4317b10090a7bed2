import { hostScenarios, tokyoSlotStart } from '@ats-zoom/msw';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { server } from '../../test/msw-server';
import { bffUrl, testQueryClient } from '../../test/render-with-provider';
import { en } from '../locales/en';
import { ja } from '../locales/ja';
import { ZoomHostPicker } from '../zoom-host-picker/zoom-host-picker';
import { AtsZoomProvider } from './ats-zoom-provider';

const slot = { start: tokyoSlotStart(3), durationMinutes: 60, timeZone: 'Asia/Tokyo' };

const hostElements: HTMLElement[] = [];
afterEach(() => {
  for (const element of hostElements.splice(0)) element.remove();
});

/** An element of the host page outside the React tree, e.g. the host's own overlay root. */
function hostElement(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  hostElements.push(element);
  return element;
}

function renderPicker(portalContainer?: HTMLElement | ShadowRoot | null) {
  server.use(...hostScenarios.hostsMixed({ baseUrl: bffUrl }));
  const user = userEvent.setup();
  const view = render(
    <AtsZoomProvider
      locale={ja}
      bffUrl={bffUrl}
      getToken={() => 'host-token'}
      queryClient={testQueryClient()}
      portalContainer={portalContainer}
    >
      <ZoomHostPicker {...slot} />
    </AtsZoomProvider>,
  );
  return { user, reactContainer: view.container };
}

async function openList(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));
  return screen.findByRole('listbox');
}

describe('AtsZoomProvider portalContainer', () => {
  it('when no container is given, then the host list opens in document.body carrying atz-root', async () => {
    const { user, reactContainer } = renderPicker();

    const listbox = await openList(user);

    const content = listbox.closest('[data-slot="host-picker-content"]');
    expect(content).toHaveClass('atz-root');
    expect(reactContainer.contains(listbox)).toBe(false);
    expect(listbox.getRootNode()).toBe(document);
  });

  it('when a container is given, then the host list opens inside it and picking still works', async () => {
    const container = hostElement();
    const { user } = renderPicker(container);

    const listbox = await openList(user);

    expect(container.contains(listbox)).toBe(true);
    expect(listbox.closest('[data-slot="host-picker-content"]')).toHaveClass('atz-root');
    await user.click(within(listbox).getByRole('option', { name: /佐藤 花子/ }));
    expect(screen.getByRole('combobox', { name: 'ホスト（Zoom アカウント）' })).toHaveTextContent(
      '佐藤 花子',
    );
    expect(container.querySelector('[role="listbox"]')).toBeNull();
  });

  it('when the container is a shadow root, then the host list opens inside that shadow root', async () => {
    const shadowRoot = hostElement().attachShadow({ mode: 'open' });
    const { user } = renderPicker(shadowRoot);

    await user.click(await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' }));

    // Queries from document.body cannot see into a shadow root; ask the shadow root itself.
    const listbox = await within(shadowRoot as unknown as HTMLElement).findByRole('listbox');
    expect(listbox.getRootNode()).toBe(shadowRoot);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('when the list is in a shadow root, then arrows move through enabled hosts and Enter picks one', async () => {
    const shadowRoot = hostElement().attachShadow({ mode: 'open' });
    const { user } = renderPicker(shadowRoot);
    const trigger = await screen.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });

    trigger.focus();
    await user.keyboard('{ArrowDown}');
    const listbox = await within(shadowRoot as unknown as HTMLElement).findByRole('listbox');
    const option = (name: RegExp) => within(listbox).getByRole('option', { name });
    await user.keyboard('{Home}');
    expect(shadowRoot.activeElement).toBe(option(/田中 太郎/));
    await user.keyboard('{ArrowDown}');
    expect(shadowRoot.activeElement).toBe(option(/佐藤 花子/));
    // The two hosts needing re-linking are skipped: End stops at the last one that can be chosen.
    await user.keyboard('{End}');
    expect(shadowRoot.activeElement).toBe(option(/鈴木 一郎/));
    await user.keyboard('{ArrowUp}');
    expect(shadowRoot.activeElement).toBe(option(/佐藤 花子/));
    await user.keyboard('{Enter}');

    expect(trigger).toHaveTextContent('佐藤 花子');
    expect(shadowRoot.querySelector('[role="listbox"]')).toBeNull();
  });
});

describe('AtsZoomProvider locale', () => {
  it('when a host forgets the language (plain JavaScript), then it says which import to add', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const Untyped = AtsZoomProvider as unknown as (props: Record<string, unknown>) => ReactElement;
    expect(() =>
      render(
        <Untyped bffUrl={bffUrl} getToken={() => 'host-token'}>
          <ZoomHostPicker {...slot} />
        </Untyped>,
      ),
    ).toThrow('locale={ja}, with ja imported from @ats-zoom/react/locales/ja');
    quiet.mockRestore();
  });

  it('when the English language is given, then components and their formats speak English', async () => {
    server.use(...hostScenarios.hostsMixed({ baseUrl: bffUrl }));
    render(
      <AtsZoomProvider locale={en} bffUrl={bffUrl} getToken={() => 'host-token'}>
        <ZoomHostPicker {...slot} />
      </AtsZoomProvider>,
    );
    expect(await screen.findByRole('combobox', { name: 'Host (Zoom account)' })).toBeVisible();
  });
});
