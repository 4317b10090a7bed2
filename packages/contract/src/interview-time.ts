/** Languages mail variables are written in. */
export type MailLocale = 'ja' | 'en';

/**
 * The language a render call writes values in when the host does not say: the mail templates
 * of a Japanese ATS are Japanese. The BFF cannot know a template's language (guessing from its
 * script fails on short or mixed texts), so a host with other languages passes `locale`.
 */
export const defaultMailLocale: MailLocale = 'ja';
/** The recipients' time zone when the host does not say. */
export const defaultMailTimeZone = 'Asia/Tokyo';

/** Formats an interview's start and end the way a mail writes it. */
export type InterviewTimeFormatter = (start: Date, end: Date) => string;

/**
 * `2026年12月1日(火) 10:00〜10:30` / `Tue, Dec 1, 2026, 10:00 AM – 10:30 AM`, as mails write
 * it, in the mail's language and the recipient's time zone (never the sender's UI). Built from
 * parts because `formatRange` in ja gives `10時00分～10時30分`, which reads oddly in a mail.
 * The end date is repeated only when the interview crosses midnight. The BFF renders with it,
 * and the MSW handlers do the same, so a preview against MSW reads like the real one.
 * Throws `RangeError` for a time zone Intl does not know.
 */
export function createInterviewTimeFormatter(
  locale: MailLocale,
  timeZone: string,
): InterviewTimeFormatter {
  const ja = locale === 'ja';
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: ja ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' });
  const dateTime = (at: Date) => `${date.format(at)}${ja ? ' ' : ', '}${time.format(at)}`;
  return (start, end) => {
    const sameDay = date.format(start) === date.format(end);
    return `${dateTime(start)}${ja ? '〜' : ' – '}${sameDay ? time.format(end) : dateTime(end)}`;
  };
}
