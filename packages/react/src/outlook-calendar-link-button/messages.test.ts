import { problemCodes } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import ja from '../intl/ja.json';
import { outlookEn } from '../outlook/locales/en';
import { outlookJa } from '../outlook/locales/ja';

describe('Outlook link button texts', () => {
  it('when the languages are compared, then ja and en have the same keys, none empty, all under the button prefix', () => {
    expect(Object.keys(outlookEn.messages).sort()).toEqual(Object.keys(outlookJa.messages).sort());
    for (const { messages } of [outlookJa, outlookEn]) {
      for (const [key, value] of Object.entries(messages)) {
        expect(key).toMatch(/^outlookCalendarLinkButton\./);
        expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('when the main catalogue is read, then it carries no Outlook button text (those ship with the outlook entry only)', () => {
    expect(Object.keys(ja).filter((key) => key.startsWith('outlookCalendarLinkButton.'))).toEqual(
      [],
    );
  });

  it('when the button words an error its own way, then the code is a known one', () => {
    const known = new Set<string>([...problemCodes, 'popup_blocked', 'network_error']);
    for (const key of Object.keys(outlookJa.messages).filter((k) => k.includes('.error.'))) {
      expect(known, key).toContain(key.split('.error.')[1]?.replace(/\.wait$/, ''));
    }
  });

  it('when the admin-consent texts are read, then both languages name the delegated permissions and where to grant them', () => {
    for (const { messages } of [outlookJa, outlookEn]) {
      const permissions = messages['outlookCalendarLinkButton.adminConsent.permissions'];
      for (const scope of ['Calendars.ReadWrite', 'User.Read', 'offline_access']) {
        expect(permissions).toContain(scope);
      }
      expect(messages['outlookCalendarLinkButton.adminConsent.where']).toContain('Microsoft Entra');
    }
  });
});
