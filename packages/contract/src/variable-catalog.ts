/**
 * Mail variables the BFF resolves from its own meeting records (design 1.4): per recipient, in
 * single and bulk sends, with or without a calendar.
 */
export const variableKeys = [
  'next_web_interview_url',
  'next_web_interview_datetime',
  'next_web_interview_host_name',
  'next_web_interview_passcode',
] as const;
export type VariableKey = (typeof variableKeys)[number];

export interface VariableDefinition {
  key: VariableKey;
  labels: { ja: string; en: string };
  descriptions: { ja: string; en: string };
}

/**
 * Each variable's name as people read it, per language. 変数を挿入 writes it in the token
 * (`{{次のWeb面接・面談URL}}`), so a Japanese mail carries no English placeholder, and render
 * maps it back to the key (`variableKeyOfToken`). Kept apart from the descriptions so a menu
 * bundles only these. A label is part of the token format: renaming one breaks saved texts.
 */
export const variableLabels: Readonly<Record<VariableKey, { ja: string; en: string }>> = {
  next_web_interview_url: { ja: '次のWeb面接・面談URL', en: 'Next web interview URL' },
  next_web_interview_datetime: {
    ja: '次のWeb面接・面談の日時',
    en: 'Next web interview date and time',
  },
  next_web_interview_host_name: {
    ja: '次のWeb面接・面談のホスト名',
    en: 'Next web interview host',
  },
  next_web_interview_passcode: {
    ja: '次のWeb面接・面談のパスコード',
    en: 'Next web interview passcode',
  },
};

/** One catalog entry with its label; pure, so a bundle that uses no catalog drops it all. */
const entry = (
  key: VariableKey,
  descriptions: VariableDefinition['descriptions'],
): VariableDefinition => ({ key, labels: variableLabels[key], descriptions });

/** The catalog, in menu order. Labels are what a recruiter picks in 変数を挿入. */
export const variableCatalog: readonly VariableDefinition[] = [
  /* @__PURE__ */ entry('next_web_interview_url', {
    ja: '候補者の次のWeb面接・面談の Zoom URL（送信時に候補者ごとに決まります）',
    en: "The Zoom URL of the candidate's next web interview, resolved per recipient when sent",
  }),
  /* @__PURE__ */ entry('next_web_interview_datetime', {
    ja: '候補者の次のWeb面接・面談の日時（例: 2026年12月1日(火) 10:00〜10:30）',
    en: "The date and time of the candidate's next web interview",
  }),
  /* @__PURE__ */ entry('next_web_interview_host_name', {
    ja: '候補者の次のWeb面接・面談でホストを務める担当者の名前',
    en: "The name of the person hosting the candidate's next web interview",
  }),
  /* @__PURE__ */ entry('next_web_interview_passcode', {
    ja: '候補者の次のWeb面接・面談の Zoom パスコード（URL に含まれない場合は候補者が入力します）',
    en: "The Zoom passcode of the candidate's next web interview (typed when the URL does not carry it)",
  }),
];

/** Delimiters of a variable token; default `{{key}}`. A host may match its own template syntax. */
export interface TokenSyntax {
  open: string;
  close: string;
}
export const defaultTokenSyntax: TokenSyntax = { open: '{{', close: '}}' };

export function formatVariableToken(key: string, syntax: TokenSyntax = defaultTokenSyntax): string {
  return `${syntax.open}${key}${syntax.close}`;
}

export type TemplatePart =
  | { kind: 'text'; value: string }
  | { kind: 'token'; key: string; raw: string };

/**
 * Splits a template into text and tokens. Throws `TemplateSyntaxError` when an opening delimiter
 * has no close or a token is empty or spans lines: such a template is refused, not guessed at.
 */
export function parseTemplate(
  template: string,
  syntax: TokenSyntax = defaultTokenSyntax,
): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < template.length) {
    const start = template.indexOf(syntax.open, index);
    if (start < 0) {
      parts.push({ kind: 'text', value: template.slice(index) });
      break;
    }
    if (start > index) parts.push({ kind: 'text', value: template.slice(index, start) });
    const end = template.indexOf(syntax.close, start + syntax.open.length);
    if (end < 0) throw new TemplateSyntaxError(start, 'unclosed token');
    const key = template.slice(start + syntax.open.length, end).trim();
    if (key.length === 0) throw new TemplateSyntaxError(start, 'empty token');
    if (/[\r\n]/.test(key) || key.includes(syntax.open)) {
      throw new TemplateSyntaxError(start, 'unclosed token');
    }
    parts.push({ kind: 'token', key, raw: template.slice(start, end + syntax.close.length) });
    index = end + syntax.close.length;
  }
  return parts;
}

export class TemplateSyntaxError extends Error {
  constructor(
    /** Character offset of the offending token. */
    readonly offset: number,
    readonly reason: 'unclosed token' | 'empty token',
  ) {
    super(`Template syntax error at ${offset}: ${reason}`);
    this.name = 'TemplateSyntaxError';
  }
}

export function isVariableKey(value: string): value is VariableKey {
  return (variableKeys as readonly string[]).includes(value);
}

/** Compares names as a person may type them: full-width letters, case and outer spaces aside. */
const comparable = (name: string) => name.normalize('NFKC').trim().toLowerCase();

/**
 * The variable a token names: its stable key (`next_web_interview_url`) or its label in any
 * language (`次のWeb面接・面談URL`, `Next web interview URL`), compared after NFKC, trimming and
 * lower-casing (so `{{次のＷｅｂ面接・面談ＵＲＬ}}` works too). Undefined for anything else.
 */
export function variableKeyOfToken(name: string): VariableKey | undefined {
  const wanted = comparable(name);
  return variableKeys.find(
    (key) =>
      key === wanted ||
      comparable(variableLabels[key].ja) === wanted ||
      comparable(variableLabels[key].en) === wanted,
  );
}
