import { renderEmulatorPage } from '../shared/html';

export { escapeHtml, hiddenInputs } from '../shared/html';

const GOOGLE_BRAND = {
  name: 'Google',
  wordmark: 'Google',
  accent: '#1a73e8',
  maxWidth: '60rem',
  extraCss:
    'th, td { vertical-align: top; }\n  .cancelled { color: #777; text-decoration: line-through; }',
};

/** A plain, accessible page; `body` must already be escaped HTML. */
export function renderGooglePage(title: string, body: string): string {
  return renderEmulatorPage(GOOGLE_BRAND, title, body);
}
