import { createConnectionHandlers, type OutlookConnectionScenarioName } from '@ats-zoom/msw';
import { AtsZoomProvider } from '@ats-zoom/react';
import { en } from '@ats-zoom/react/locales/en';
import { ja } from '@ats-zoom/react/locales/ja';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
// The react package's MSW server: the jsdom project's setup file starts and resets it.
import { server } from '../../../packages/react/test/msw-server';
import { type DemoLocale, demoText } from './demo-text';
import { IntegrationsPage } from './integrations-page';

const bffUrl = 'http://bff.test';
const googleView = 'http://localhost:4010/google/calendar-view';
const outlookView = 'http://localhost:4010/microsoft/calendar-view';

function renderPage({
  outlook,
  locale = 'ja',
  emulated = true,
}: {
  /** The Outlook link; left out, the BFF has no Outlook configured. */
  outlook?: OutlookConnectionScenarioName;
  locale?: DemoLocale;
  emulated?: boolean;
}) {
  server.use(
    ...createConnectionHandlers({
      baseUrl: bffUrl,
      google: 'connected',
      ...(outlook ? { outlook } : {}),
    }),
  );
  render(
    <AtsZoomProvider
      locale={locale === 'en' ? en : ja}
      bffUrl={bffUrl}
      getToken={() => 'token'}
      queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
    >
      <IntegrationsPage
        text={demoText[locale]}
        locale={locale}
        calendarViewUrl={emulated ? googleView : null}
        outlookCalendarViewUrl={emulated ? outlookView : null}
      />
    </AtsZoomProvider>,
  );
}

/** The table row of one service on 通知・連携. */
function row(service: string) {
  const header = screen.getByRole('rowheader', { name: service });
  const tableRow = header.closest('tr');
  if (!tableRow) throw new Error(`no row for ${service}`);
  return tableRow;
}

describe('IntegrationsPage', () => {
  it('when the BFF has Outlook configured, then Outlook 予定表 has its row with the link button beside Google’s, and the emulator’s Outlook view is linked', async () => {
    renderPage({ outlook: 'notConnected' });

    const header = await screen.findByRole('rowheader', { name: 'Outlook 予定表' });
    expect(header).toBeInTheDocument();
    const outlookRow = row('Outlook 予定表');
    expect(
      await within(outlookRow).findByRole('button', { name: 'Outlook 予定表を連携' }),
    ).toBeEnabled();
    expect(within(outlookRow).getByRole('status')).toHaveTextContent('未連携');
    // Google's row stays as it was, connected.
    expect(await within(row('Google カレンダー')).findByText('連携済み')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'エミュレーターの Outlook 予定表を開く' }),
    ).toHaveAttribute('href', outlookView);
    expect(
      screen.getByRole('link', { name: 'エミュレーターの Google カレンダーを開く' }),
    ).toHaveAttribute('href', googleView);
  });

  it('when the scheduler connected Outlook, then its row says 連携済み with the Microsoft account', async () => {
    renderPage({ outlook: 'connected' });

    await screen.findByRole('rowheader', { name: 'Outlook 予定表' });
    const outlookRow = row('Outlook 予定表');
    expect(await within(outlookRow).findByText('連携済み')).toBeInTheDocument();
    expect(outlookRow).toHaveTextContent(
      'Microsoft アカウント: tanaka.taro@acme-corp.example.onmicrosoft.com',
    );
  });

  it('when the BFF has no Outlook configured, then there is no Outlook row and no Outlook view link', async () => {
    renderPage({});

    expect(await within(row('Google カレンダー')).findByText('連携済み')).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'Outlook 予定表' })).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'エミュレーターの Outlook 予定表を開く' }),
    ).not.toBeInTheDocument();
  });

  it('when the demo runs against real Microsoft 365, then the Outlook row shows without an emulator link', async () => {
    renderPage({ outlook: 'notConnected', emulated: false });

    await screen.findByRole('rowheader', { name: 'Outlook 予定表' });
    expect(screen.queryByRole('link', { name: /エミュレーター/ })).not.toBeInTheDocument();
  });

  it('when the screen is in English, then the Outlook row and its button are too', async () => {
    renderPage({ outlook: 'notConnected', locale: 'en' });

    await screen.findByRole('rowheader', { name: 'Outlook Calendar' });
    const outlookRow = row('Outlook Calendar');
    expect(
      await within(outlookRow).findByRole('button', { name: 'Connect Outlook Calendar' }),
    ).toBeEnabled();
    expect(within(outlookRow).getByRole('status')).toHaveTextContent('Not connected');
    expect(
      screen.getByRole('link', { name: "Open the emulator's Outlook Calendar" }),
    ).toHaveAttribute('href', outlookView);
  });
});
