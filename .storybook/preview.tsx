import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import '../packages/react/src/styles.css';

const preview: Preview = {
  loaders: [mswLoader()],
  parameters: {
    // Accessibility violations fail the story tests, not just show in the panel.
    a11y: { test: 'error' },
    controls: { expanded: true },
  },
};

export default preview;
