import { GoogleCalendarLinkButton, ZoomLinkButton } from '@ats-zoom/react';
import { OutlookCalendarLinkButton } from '@ats-zoom/react/outlook';
import { outlookEn } from '@ats-zoom/react/outlook/locales/en';
import { outlookJa } from '@ats-zoom/react/outlook/locales/ja';
import { useCalendarLinks } from './calendar-links';
import type { DemoLocale, DemoText } from './demo-text';

/** The Outlook button's texts per demo language (the demo switches between both). */
const outlookLocales = { ja: outlookJa, en: outlookEn };

export interface IntegrationsPageProps {
  text: DemoText;
  locale: DemoLocale;
  /** The emulator's Google Calendar page (null against real Google). */
  calendarViewUrl: string | null;
  /** The emulator's Outlook calendar page (null against real Microsoft 365). */
  outlookCalendarViewUrl: string | null;
}

/**
 * マイアカウント > 通知・連携: Zoom, Google カレンダー and, when the BFF has Outlook configured,
 * Outlook 予定表, each with its link button; on the emulator, links to its calendar pages.
 */
export function IntegrationsPage({
  text,
  locale,
  calendarViewUrl,
  outlookCalendarViewUrl,
}: IntegrationsPageProps) {
  const { calendars } = useCalendarLinks();
  const outlookConfigured = calendars.some((calendar) => calendar.provider === 'outlook');
  return (
    <>
      <h1>{text.integrations}</h1>
      <p>{text.integrationsLead}</p>
      <table className="demo-table">
        <thead>
          <tr>
            <th scope="col">{text.service}</th>
            <th scope="col">{text.description}</th>
            <th scope="col">{text.status}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{text.zoomName}</th>
            <td>{text.zoomDescription}</td>
            <td className="demo-connection">
              <ZoomLinkButton />
            </td>
          </tr>
          <tr>
            <th scope="row">{text.googleName}</th>
            <td>{text.googleDescription}</td>
            <td className="demo-connection">
              <GoogleCalendarLinkButton />
            </td>
          </tr>
          {outlookConfigured ? (
            <tr>
              <th scope="row">{text.outlookName}</th>
              <td>{text.outlookDescription}</td>
              <td className="demo-connection">
                <OutlookCalendarLinkButton locale={outlookLocales[locale]} />
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {calendarViewUrl ? (
        <p className="demo-hint">
          {text.calendarViewHint}{' '}
          <a href={calendarViewUrl} target="_blank" rel="noreferrer">
            {text.calendarViewLink}
          </a>
        </p>
      ) : null}
      {outlookConfigured && outlookCalendarViewUrl ? (
        <p className="demo-hint">
          {text.outlookCalendarViewHint}{' '}
          <a href={outlookCalendarViewUrl} target="_blank" rel="noreferrer">
            {text.outlookCalendarViewLink}
          </a>
        </p>
      ) : null}
    </>
  );
}
