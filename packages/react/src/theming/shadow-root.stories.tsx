import { hostScenarios, tokyoSlotStart, zoomConnectionScenarios } from '@ats-zoom/msw';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mswGroups, storyBffUrl } from '../../test/story-provider';
import { ja } from '../locales/ja';
import { AtsZoomProvider } from '../provider/ats-zoom-provider';
import stylesheet from '../styles.css?inline';
import { ZoomHostPicker } from '../zoom-host-picker/zoom-host-picker';
import { ZoomLinkButton } from '../zoom-link-button/zoom-link-button';

interface ShadowParts {
  shadowRoot: ShadowRoot;
  mount: HTMLElement;
  popovers: HTMLElement;
}

/**
 * What a host using a shadow root does: attach it, put the stylesheet text inside (or nothing,
 * for the unstyled story), render into an element there, and give the provider a second element
 * there as `portalContainer`. The page's own stylesheets do not reach in.
 */
function ShadowRootHost({
  withStylesheet,
  children,
}: {
  withStylesheet: boolean;
  children: (portalContainer: HTMLElement) => ReactNode;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [parts, setParts] = useState<ShadowParts | null>(null);
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const shadowRoot = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    const popovers = document.createElement('div');
    const style = document.createElement('style');
    style.textContent = withStylesheet ? stylesheet : '';
    shadowRoot.replaceChildren(style, mount, popovers);
    setParts({ shadowRoot, mount, popovers });
  }, [withStylesheet]);
  return (
    <div ref={hostRef} data-testid="shadow-host">
      {parts ? createPortal(children(parts.popovers), parts.mount) : null}
    </div>
  );
}

function ShadowRootStory({ withStylesheet }: { withStylesheet: boolean }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false } } }),
  );
  return (
    <ShadowRootHost withStylesheet={withStylesheet}>
      {(portalContainer) => (
        <AtsZoomProvider
          locale={ja}
          bffUrl={storyBffUrl}
          getToken={() => 'storybook-host-token'}
          queryClient={queryClient}
          portalContainer={portalContainer}
        >
          <ZoomLinkButton />
          <ZoomHostPicker start={tokyoSlotStart(3)} durationMinutes={60} timeZone="Asia/Tokyo" />
        </AtsZoomProvider>
      )}
    </ShadowRootHost>
  );
}

const meta = {
  title: 'Theming/Shadow root',
  // These check the default look and Japanese texts: the toolbar's theme and locale don't apply.
  globals: { theme: 'default', locale: 'ja' },
  parameters: {
    layout: 'padded',
    ...mswGroups({
      connections: zoomConnectionScenarios.connected({ baseUrl: storyBffUrl }),
      hosts: hostScenarios.hostsMixed({ baseUrl: storyBffUrl }),
    }),
  },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** The shadow root, its two elements, and queries scoped to where the components render. */
async function shadowPartsOf(canvasElement: HTMLElement): Promise<ShadowParts> {
  const host = within(canvasElement).getByTestId('shadow-host');
  await waitFor(() => expect(host.shadowRoot?.childElementCount).toBe(3));
  const shadowRoot = host.shadowRoot as ShadowRoot;
  const [, mount, popovers] = [...shadowRoot.children] as HTMLElement[];
  return { shadowRoot, mount: mount as HTMLElement, popovers: popovers as HTMLElement };
}

/**
 * Picks 佐藤 花子 by keyboard in the list, which opens in the shadow root's portal element. Focus
 * starts on the list itself there (Radix reads document.activeElement, radix-ui/primitives#2606);
 * the picker moves it through the options with the shadow root's activeElement.
 */
async function pickBusyHost({ shadowRoot, mount, popovers }: ShadowParts) {
  const trigger = await within(mount).findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
  trigger.focus();
  await userEvent.keyboard('{ArrowDown}');
  const listbox = await within(popovers).findByRole('listbox');
  await waitFor(() => expect(listbox.contains(shadowRoot.activeElement)).toBe(true));
  const options = within(listbox);
  // toHaveFocus reads document.activeElement, which is the shadow host: ask the shadow root.
  await userEvent.keyboard('{ArrowDown}');
  await expect(shadowRoot.activeElement).toBe(options.getByRole('option', { name: /田中 太郎/ }));
  await userEvent.keyboard('{ArrowDown}');
  const busy = options.getByRole('option', { name: /佐藤 花子/ });
  await expect(shadowRoot.activeElement).toBe(busy);
  await expect(busy).toHaveTextContent('予定あり');
  await userEvent.keyboard('{End}');
  await expect(shadowRoot.activeElement).toBe(options.getByRole('option', { name: /鈴木 一郎/ }));
  await userEvent.keyboard('{ArrowUp}');
  await expect(shadowRoot.activeElement).toBe(busy);
  await userEvent.keyboard('{Enter}');
  await waitFor(() => expect(within(popovers).queryByRole('listbox')).toBeNull());
  await expect(trigger).toHaveTextContent('佐藤 花子');
  return { trigger, listbox };
}

/**
 * The stylesheet injected into the shadow root and `portalContainer` inside it: the list opens in
 * the shadow root with the tokens applied, and a host is picked there.
 */
export const StyledInShadowRoot: Story = {
  render: () => <ShadowRootStory withStylesheet />,
  play: async ({ canvasElement }) => {
    const parts = await shadowPartsOf(canvasElement);
    const { shadowRoot, mount, popovers } = parts;
    await expect(await within(mount).findByText('連携済み')).toBeVisible();
    const trigger = await within(mount).findByRole('combobox', {
      name: 'ホスト（Zoom アカウント）',
    });
    // --atz-color-border and --atz-radius reached the trigger: the stylesheet works in here.
    await expect(getComputedStyle(trigger).borderTopColor).toBe('rgb(209, 217, 224)');
    await expect(getComputedStyle(trigger).borderTopLeftRadius).toBe('6px');

    trigger.focus();
    await userEvent.keyboard('{ArrowDown}');
    const content = (await within(popovers).findByRole('listbox')).closest(
      '[data-slot="host-picker-content"]',
    ) as HTMLElement;
    await expect(content).toHaveClass('atz-root');
    // The portalled list carries .atz-root, so it has the tokens too.
    await expect(getComputedStyle(content).zIndex).toBe('50');
    await expect(getComputedStyle(content).backgroundColor).toBe('rgb(255, 255, 255)');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(popovers).queryByRole('listbox')).toBeNull());

    const picked = await pickBusyHost(parts);
    await waitFor(() => expect(shadowRoot.activeElement).toBe(picked.trigger));
    // Keyboard focus back on the trigger shows the ring from the focus tokens.
    await expect(picked.trigger.matches(':focus-visible')).toBe(true);
    await expect(getComputedStyle(picked.trigger).outlineStyle).toBe('solid');
    await expect(getComputedStyle(picked.trigger).outlineWidth).toBe('2px');
    await expect(getComputedStyle(picked.trigger).outlineColor).toBe('rgb(11, 92, 255)');
  },
};

/**
 * No stylesheet at all (the shadow root keeps the page's out): plain HTML in reading order, every
 * status as text, and the picker still works.
 */
export const Unstyled: Story = {
  render: () => <ShadowRootStory withStylesheet={false} />,
  play: async ({ canvasElement }) => {
    const parts = await shadowPartsOf(canvasElement);
    const canvas = within(parts.mount);
    await expect(await canvas.findByRole('status')).toHaveTextContent('連携済み');
    await expect(canvas.getByText('Zoom アカウント: tanaka.taro@example.com')).toBeVisible();
    await expect(canvas.getByRole('button', { name: '連携解除' })).toBeVisible();
    // Nothing from styles.css applies: the roots are plain blocks.
    const root = parts.mount.querySelector('[data-slot="zoom-link-button"]') as HTMLElement;
    await expect(getComputedStyle(root).display).toBe('block');

    await pickBusyHost(parts);
  },
};
