import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type RenderOptions, renderWithProvider } from '../../test/render-with-provider';
import { useMessages } from './use-messages';

function Explain({ code, calendar }: { code: string; calendar?: string }) {
  const { errorMessage } = useMessages();
  return <p>{errorMessage(code, undefined, undefined, calendar)}</p>;
}

function explained(code: string, calendar?: string, options: RenderOptions = {}) {
  const { unmount } = renderWithProvider(<Explain code={code} calendar={calendar} />, options);
  const text = screen.getByRole('paragraph').textContent;
  unmount();
  return text;
}

describe('useMessages().errorMessage', () => {
  it('when a calendar failure is explained for Outlook, then the text names Outlook 予定表', () => {
    expect(explained('calendar_unavailable', 'outlook')).toBe(
      'Outlook 予定表に接続できませんでした。しばらくしてからもう一度お試しください。',
    );
  });

  it('when no calendar is given, then the text names Google (the default calendar)', () => {
    expect(explained('calendar_needs_reauth')).toMatch(/^Google カレンダーの認可が切れています。/);
  });

  it('when the locale is en, then the calendar is named in English', () => {
    expect(explained('calendar_not_connected', 'outlook', { locale: 'en' })).toBe(
      'To add interviews to Outlook Calendar, first connect Outlook Calendar under My account > Notifications & integrations (通知・連携).',
    );
  });

  it('when the error is not about a calendar, then the calendar given changes nothing', () => {
    expect(explained('provider_unavailable', 'outlook')).toBe(explained('provider_unavailable'));
  });
});
