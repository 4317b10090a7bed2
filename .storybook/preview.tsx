import type { Decorator, Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { type ReactNode, useLayoutEffect } from 'react';
import { MINIMAL_VIEWPORTS } from 'storybook/viewport';
import { phoneViewport } from '../packages/react/test/story-provider';
import '../packages/react/src/styles.css';
import './themes.css';
import './canvas.css';

type StoryTheme = 'default' | 'dark' | 'brand';

/**
 * Puts the toolbar theme on <html>, where themes.css reads it: the host picker's list is
 * portalled to <body>, outside any wrapper a decorator could add.
 */
function ThemedCanvas({ theme, children }: { theme: StoryTheme; children: ReactNode }) {
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.atzStoryTheme = theme;
    return () => {
      delete root.dataset.atzStoryTheme;
    };
  }, [theme]);
  return children;
}

const withTheme: Decorator = (Story, context) => (
  <ThemedCanvas theme={(context.globals.theme as StoryTheme | undefined) ?? 'default'}>
    <Story />
  </ThemedCanvas>
);

/** `ja`, or what the vitest project defines (vitest.config.ts: `storybook-en` runs in English). */
function storyTestLocale(): 'ja' | 'en' {
  return import.meta.env.VITE_ATZ_STORY_LOCALE === 'en' ? 'en' : 'ja';
}

const preview: Preview = {
  loaders: [mswLoader()],
  decorators: [withTheme],
  globalTypes: {
    locale: {
      description: 'Language of every text and aria label (the provider’s `locale`)',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'ja', title: '日本語 (ja)' },
          { value: 'en', title: 'English (en)' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Theme: --atz-* tokens set by the host page (.storybook/themes.css)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'default', title: 'Default' },
          { value: 'dark', title: 'Dark' },
          { value: 'brand', title: 'Host brand' },
        ],
        dynamicTitle: true,
      },
    },
  },
  // Story tests run with these (the `storybook-en` test project starts in English): play
  // functions check the texts of that language in the default theme.
  initialGlobals: { locale: storyTestLocale(), theme: 'default' },
  parameters: {
    // Accessibility violations fail the story tests, not just show in the panel.
    a11y: { test: 'error' },
    controls: { expanded: true },
    // Storybook's phone, tablet and desktop sizes plus the 375 px phone of the phone stories.
    viewport: { options: { ...MINIMAL_VIEWPORTS, ...phoneViewport } },
    docs: {
      // Each story in its own frame on docs pages: its MSW handlers and play function stay its own
      // (inline stories would share one worker, the last story's handlers answering for all).
      story: { inline: false, height: '240px' },
    },
  },
};

export default preview;
