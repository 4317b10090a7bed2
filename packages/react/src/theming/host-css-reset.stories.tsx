import { hostScenarios, tokyoSlotStart, zoomConnectionScenarios } from '@ats-zoom/msw';
import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useLayoutEffect } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mswGroups, storyBffUrl, withStoryProvider } from '../../test/story-provider';
import { ZoomHostPicker } from '../zoom-host-picker/zoom-host-picker';
import { ZoomLinkButton } from '../zoom-link-button/zoom-link-button';

/** The most aggressive reset a host can have: every element back to the browser's defaults. */
const revertEverything = `*, *::before, *::after { all: revert; }`;

/** A modern-normalize / preflight-like reset, in a layer the host declares before ours. */
const layeredPreflight = `
@layer host-reset, ats-zoom;
@layer host-reset {
  *, *::before, *::after { box-sizing: border-box; margin: 0; padding: 0; border: 0 solid; }
  button { font: inherit; color: inherit; background: transparent; }
  ul, ol { list-style: none; }
  a { color: inherit; text-decoration: inherit; }
}
`;

/**
 * Puts the host's reset into <head>, first, as a host page loads its own CSS before ours; the
 * reset is global, so it reaches the host list portalled to <body> too.
 */
function HostReset({ css, children }: { css: string; children: ReactNode }) {
  useLayoutEffect(() => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.prepend(style);
    return () => style.remove();
  }, [css]);
  return children;
}

function withHostReset(css: string): Decorator {
  return (Story) => (
    <HostReset css={css}>
      <Story />
    </HostReset>
  );
}

const meta = {
  title: 'Theming/Host CSS reset',
  // These check the default look and Japanese texts: the toolbar's theme and locale don't apply.
  globals: { theme: 'default', locale: 'ja' },
  decorators: [withStoryProvider],
  render: () => (
    <>
      <ZoomLinkButton />
      <ZoomHostPicker start={tokyoSlotStart(3)} durationMinutes={60} timeZone="Asia/Tokyo" />
    </>
  ),
  parameters: {
    layout: 'padded',
    ...mswGroups({
      connections: zoomConnectionScenarios.notConnected({ baseUrl: storyBffUrl }),
      hosts: hostScenarios.hostsMixed({ baseUrl: storyBffUrl }),
    }),
  },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/** Keyboard only: Tab to the picker, open it, move to 佐藤 花子 (予定あり) and choose her. */
async function pickBusyHostByKeyboard(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  const page = within(canvasElement.ownerDocument.body);
  const connect = await canvas.findByRole('button', { name: 'Zoom アカウントを連携' });
  const trigger = await canvas.findByRole('combobox', { name: 'ホスト（Zoom アカウント）' });
  await userEvent.tab();
  await expect(connect).toHaveFocus();
  await userEvent.tab();
  await expect(trigger).toHaveFocus();
  await userEvent.keyboard('{ArrowDown}');
  await waitFor(() => expect(page.getByRole('option', { name: /田中 太郎/ })).toHaveFocus());
  await userEvent.keyboard('{ArrowDown}');
  const busy = page.getByRole('option', { name: /佐藤 花子/ });
  await expect(busy).toHaveFocus();
  await expect(busy).toHaveTextContent('予定あり');
  await userEvent.keyboard('{Enter}');
  await waitFor(() => expect(page.queryByRole('listbox')).toBeNull());
  await expect(trigger).toHaveTextContent('佐藤 花子');
  return { connect, trigger };
}

/**
 * A reset in a layer declared before `ats-zoom` (what the README asks for): the components keep
 * their look, and work by keyboard.
 */
export const LayeredReset: Story = {
  decorators: [withHostReset(layeredPreflight)],
  play: async ({ canvasElement }) => {
    const { connect, trigger } = await pickBusyHostByKeyboard(canvasElement);
    // The reset applies (box-sizing, which styles.css leaves alone), yet our parts keep their tokens.
    const root = canvasElement.querySelector('[data-slot="zoom-link-button"]') as HTMLElement;
    await expect(getComputedStyle(root).boxSizing).toBe('border-box');
    await expect(getComputedStyle(connect).backgroundColor).toBe('rgb(11, 92, 255)');
    await expect(getComputedStyle(connect).paddingTop).toBe('6px');
    await expect(getComputedStyle(trigger).borderTopWidth).toBe('1px');
  },
};

/**
 * `* { all: revert }`, unlayered: it beats any layered stylesheet, so the components take the
 * browser's default look; they stay readable, focusable and fully usable by keyboard.
 */
export const UnlayeredRevertAll: Story = {
  decorators: [withHostReset(revertEverything)],
  play: async ({ canvasElement }) => {
    const { connect } = await pickBusyHostByKeyboard(canvasElement);
    // The host's reset wins (as documented): the button is the browser's, not our primary one.
    await expect(getComputedStyle(connect).backgroundColor).not.toBe('rgb(11, 92, 255)');
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('未連携');
  },
};
