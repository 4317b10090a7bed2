import { describe, expect, it } from 'vitest';
import {
  createInterviewTimeFormatter,
  formatVariableToken,
  parseTemplate,
  RenderVariablesBodySchema,
  TemplateSyntaxError,
  VariablesQuerySchema,
  variableCatalog,
  variableKeyOfToken,
  variableKeys,
  variableLabels,
} from './index';

describe('mail variable templates', () => {
  it('when a template mixes text and tokens, then parseTemplate keeps both in order', () => {
    expect(parseTemplate('こんにちは {{next_web_interview_url}} です')).toEqual([
      { kind: 'text', value: 'こんにちは ' },
      { kind: 'token', key: 'next_web_interview_url', raw: '{{next_web_interview_url}}' },
      { kind: 'text', value: ' です' },
    ]);
  });

  it('when a host uses its own syntax, then tokens are found with its delimiters', () => {
    const syntax = { open: '%', close: '%' };
    expect(formatVariableToken('next_web_interview_url', syntax)).toBe('%next_web_interview_url%');
    expect(parseTemplate('URL: %next_web_interview_url%', syntax)[1]).toMatchObject({
      kind: 'token',
      key: 'next_web_interview_url',
    });
  });

  it('when a token is not closed or is empty, then the template is refused with its offset', () => {
    expect(() => parseTemplate('a {{next_web_interview_url')).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate('a {{ }} b')).toThrow(/empty token/);
    try {
      parseTemplate('abc {{x\n}}');
    } catch (error) {
      expect((error as TemplateSyntaxError).offset).toBe(4);
    }
  });

  it('when the context is single, then a candidate id is required', () => {
    expect(VariablesQuerySchema.safeParse({ context: 'single' }).success).toBe(false);
    expect(VariablesQuerySchema.safeParse({ context: 'template' }).success).toBe(true);
  });

  it('every variable key has a catalog entry with ja and en labels', () => {
    expect(variableCatalog.map((entry) => entry.key)).toEqual([...variableKeys]);
    for (const entry of variableCatalog) {
      expect(entry.labels.ja.length).toBeGreaterThan(0);
      expect(entry.labels.en.length).toBeGreaterThan(0);
    }
  });

  it('when an interview time is written, then it follows the mail language and the recipient time zone', () => {
    const start = new Date('2026-12-11T04:00:00Z');
    const end = new Date('2026-12-11T05:00:00Z');

    expect(createInterviewTimeFormatter('ja', 'Asia/Tokyo')(start, end)).toBe(
      '2026年12月11日(金) 13:00〜14:00',
    );
    expect(createInterviewTimeFormatter('en', 'Asia/Tokyo')(start, end)).toBe(
      'Fri, Dec 11, 2026, 1:00 PM – 2:00 PM',
    );
    // The recipient's day, not Tokyo's.
    expect(createInterviewTimeFormatter('ja', 'America/Los_Angeles')(start, end)).toBe(
      '2026年12月10日(木) 20:00〜21:00',
    );
    // Across midnight, the end's date is written too.
    const lateEnd = new Date('2026-12-11T15:30:00Z');
    expect(createInterviewTimeFormatter('ja', 'Asia/Tokyo')(start, lateEnd)).toBe(
      '2026年12月11日(金) 13:00〜2026年12月12日(土) 0:30',
    );
  });

  it('when a render body names its language and time zone, then both are validated', () => {
    const base = { template: 'x', candidateIds: ['c'] };
    expect(
      RenderVariablesBodySchema.safeParse({ ...base, locale: 'en', timezone: 'UTC' }).success,
    ).toBe(true);
    expect(RenderVariablesBodySchema.safeParse({ ...base, locale: 'fr' }).success).toBe(false);
    expect(
      RenderVariablesBodySchema.safeParse({ ...base, timezone: 'Mars/Olympus_Mons' }).success,
    ).toBe(false);
  });

  it('when a token names a variable by its key or its label in either language, then it is that variable', () => {
    expect(variableKeyOfToken('next_web_interview_url')).toBe('next_web_interview_url');
    expect(variableKeyOfToken('次のWeb面接・面談URL')).toBe('next_web_interview_url');
    expect(variableKeyOfToken('Next web interview date and time')).toBe(
      'next_web_interview_datetime',
    );
    // As people type it: full-width letters, other case, spaces around.
    expect(variableKeyOfToken(' 次のＷｅｂ面接・面談ＵＲＬ ')).toBe('next_web_interview_url');
    expect(variableKeyOfToken('next WEB interview host')).toBe('next_web_interview_host_name');
    expect(variableKeyOfToken('候補者名')).toBeUndefined();
    expect(variableKeyOfToken('次のWeb面接')).toBeUndefined();
  });

  it('every key and label names exactly one variable', () => {
    const names = variableKeys.flatMap((key) => [
      key,
      variableLabels[key].ja,
      variableLabels[key].en,
    ]);
    const comparable = names.map((name) => name.normalize('NFKC').toLowerCase());
    expect(new Set(comparable).size).toBe(names.length);
    for (const key of variableKeys) {
      expect(variableKeyOfToken(variableLabels[key].ja)).toBe(key);
      expect(variableKeyOfToken(variableLabels[key].en)).toBe(key);
      expect(variableCatalog.find((entry) => entry.key === key)?.labels).toBe(variableLabels[key]);
    }
  });
});
