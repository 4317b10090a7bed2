import { renderEmulatorPage } from '../shared/html';

export { escapeHtml, hiddenInputs } from '../shared/html';

const MICROSOFT_BRAND = {
  name: 'Microsoft',
  wordmark: 'Microsoft',
  accent: '#0067b8',
  maxWidth: '64rem',
  extraCss: 'th, td { vertical-align: top; }',
};

/** A plain, accessible page; `body` must already be escaped HTML. */
export function renderMicrosoftPage(title: string, body: string): string {
  return renderEmulatorPage(MICROSOFT_BRAND, title, body);
}
