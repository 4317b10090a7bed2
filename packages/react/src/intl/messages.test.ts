import { problemCodes, variableCatalog } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import ja from './ja.json';
import { errorMessageKey, formatMessage, resolveMessages } from './messages';

describe('messages', () => {
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
    const messages = resolveMessages('en', { 'zoomLinkButton.connect': 'Link Zoom' });
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
