import { renderEmulatorPage } from '../shared/html';

export { escapeHtml, hiddenInputs } from '../shared/html';

const ZOOM_BRAND = { name: 'Zoom', wordmark: 'zoom', accent: '#0b5cff', maxWidth: '44rem' };

/** A plain, accessible page; `body` must already be escaped HTML. */
export function renderZoomPage(title: string, body: string): string {
  return renderEmulatorPage(ZOOM_BRAND, title, body);
}
