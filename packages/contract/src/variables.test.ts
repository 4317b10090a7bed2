import { describe, expect, it } from 'vitest';
import {
  formatVariableToken,
  parseTemplate,
  TemplateSyntaxError,
  VariablesQuerySchema,
  variableCatalog,
  variableKeys,
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
});
