import { problemCodes, variableCatalog } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import { en as enLanguage } from '../locales/en';
import { ja as jaLanguage } from '../locales/ja';
import en from './en.json';
import ja from './ja.json';
import { errorMessageKeyIn, formatMessage, type Messages, resolveMessages } from './messages';

const errorMessageKey = (code: string, scope?: string) => errorMessageKeyIn(ja, code, scope);

describe('messages', () => {
  it('when a language entry is imported, then it carries its code and its whole catalogue', () => {
    expect(jaLanguage).toEqual({ locale: 'ja', messages: ja });
    expect(enLanguage).toEqual({ locale: 'en', messages: en });
  });

  it('when the catalogues are compared, then ja and en have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
  });

  it('when a catalogue is read, then no message is empty', () => {
    for (const catalogue of [ja, en]) {
      for (const [key, value] of Object.entries(catalogue)) {
        expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('when any problem code of the registry is explained, then it has its own message', () => {
    for (const code of problemCodes) {
      expect(errorMessageKey(code), code).toBe(`error.${code}`);
    }
  });

  it('when a scope has its own wording for a code, then it wins; otherwise the shared one is used', () => {
    expect(errorMessageKey('oauth_access_denied', 'googleCalendarLinkButton')).toBe(
      'googleCalendarLinkButton.error.oauth_access_denied',
    );
    expect(errorMessageKey('oauth_access_denied', 'zoomLinkButton')).toBe(
      'error.oauth_access_denied',
    );
    expect(errorMessageKey('calendar_unavailable', 'googleCalendarLinkButton')).toBe(
      'error.calendar_unavailable',
    );
    expect(errorMessageKey('something_new', 'googleCalendarLinkButton')).toBe('error.generic');
  });

  it('when the key is looked up in a given catalogue, then that catalogue decides', () => {
    const catalogue: Messages = resolveMessages(en);
    expect(errorMessageKeyIn(catalogue, 'calendar_forbidden')).toBe('error.calendar_forbidden');
    const { 'error.calendar_forbidden': _dropped, ...withoutIt } = catalogue;
    expect(errorMessageKeyIn(withoutIt as typeof catalogue, 'calendar_forbidden')).toBe(
      'error.generic',
    );
  });

  it('when a component scopes an error message, then its code is a known one', () => {
    const known = new Set<string>([...problemCodes, 'popup_blocked', 'network_error']);
    const scoped = Object.keys(ja).filter((key) => /^[A-Za-z]+\.error\./.test(key));
    expect(scoped.length).toBeGreaterThan(0);
    for (const key of scoped) {
      expect(known, key).toContain(key.split('.error.')[1]?.replace(/\.wait$/, ''));
    }
  });

  it('when an error says how long to wait, then it extends an error message of the same key and names the seconds', () => {
    const waits = Object.keys(ja).filter((key) => key.endsWith('.wait'));
    expect(waits).toEqual(
      expect.arrayContaining(['error.provider_rate_limited.wait', 'error.rate_limited.wait']),
    );
    for (const key of waits) {
      expect(Object.keys(ja), key).toContain(key.replace(/\.wait$/, ''));
      expect(ja[key as keyof typeof ja], key).toContain('{seconds}');
      expect(en[key as keyof typeof en], key).toContain('{seconds}');
    }
  });

  it('when an error code is unknown, then the generic message is used', () => {
    expect(errorMessageKey('something_new')).toBe('error.generic');
    expect(errorMessageKey('constructor')).toBe('error.generic');
  });

  it('when a template has placeholders, then given values fill them and missing ones stay visible', () => {
    expect(formatMessage('{name} さん ({name})', { name: '佐藤' })).toBe('佐藤 さん (佐藤)');
    expect(formatMessage('{email} / {other}', { email: 'a@example.com' })).toBe(
      'a@example.com / {other}',
    );
  });

  it('when overrides are given, then only those keys change', () => {
    const messages = resolveMessages(en, { 'zoomLinkButton.connect': 'Link Zoom' });
    expect(messages['zoomLinkButton.connect']).toBe('Link Zoom');
    expect(messages['zoomLinkButton.disconnect']).toBe(en['zoomLinkButton.disconnect']);
  });

  it("when the variable labels are read, then they are the contract catalog's in each language", () => {
    for (const [locale, catalogue] of [
      ['ja', ja],
      ['en', en],
    ] as const) {
      for (const variable of variableCatalog) {
        const prefix = `variableInserter.variable.${variable.key}`;
        expect(catalogue[`${prefix}.label` as keyof typeof catalogue]).toBe(
          variable.labels[locale],
        );
        expect(catalogue[`${prefix}.description` as keyof typeof catalogue]).toBe(
          variable.descriptions[locale],
        );
      }
    }
  });
});
