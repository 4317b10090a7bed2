import { describe, expect, it } from 'vitest';
import en from '../intl/en.json';
import ja from '../intl/ja.json';
import { meetingLinkEn } from '../meeting-link/locales/en';
import { meetingLinkJa } from '../meeting-link/locales/ja';

describe('meeting link texts', () => {
  it('when the languages are compared, then ja and en have the same keys, none empty, all under the link prefix', () => {
    expect(Object.keys(meetingLinkEn.messages).sort()).toEqual(
      Object.keys(meetingLinkJa.messages).sort(),
    );
    for (const { messages } of [meetingLinkJa, meetingLinkEn]) {
      for (const [key, value] of Object.entries(messages)) {
        expect(key).toMatch(/^zoomMeetingLink\./);
        expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('when the main catalogues are read, then they carry no meeting link text (those ship with the meeting-link entry only)', () => {
    for (const catalogue of [ja, en]) {
      expect(Object.keys(catalogue).filter((key) => key.startsWith('zoomMeetingLink.'))).toEqual(
        [],
      );
    }
  });

  it('when a text names a value, then both languages name the same placeholders', () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();
    for (const [key, text] of Object.entries(meetingLinkJa.messages)) {
      const english = meetingLinkEn.messages[key as keyof typeof meetingLinkEn.messages];
      expect(placeholders(english), key).toEqual(placeholders(text));
    }
  });
});
