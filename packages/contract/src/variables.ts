import { z } from 'zod';
import { IdParamSchema } from './schemas';

/**
 * Mail variables the BFF resolves from its own meeting records (design 1.4): per recipient, in
 * single and bulk sends, with or without a calendar.
 */
export const variableKeys = [
  'next_web_interview_url',
  'next_web_interview_datetime',
  'next_web_interview_host_name',
] as const;
export const VariableKeySchema = z.enum(variableKeys);
export type VariableKey = z.infer<typeof VariableKeySchema>;

export interface VariableDefinition {
  key: VariableKey;
  labels: { ja: string; en: string };
  descriptions: { ja: string; en: string };
}

/** The catalog, in menu order. Labels are what a recruiter picks in 変数を挿入. */
export const variableCatalog: readonly VariableDefinition[] = [
  {
    key: 'next_web_interview_url',
    labels: { ja: '次のWeb面接・面談URL', en: 'Next web interview URL' },
    descriptions: {
      ja: '候補者の次のWeb面接・面談の Zoom URL（送信時に候補者ごとに決まります）',
      en: "The Zoom URL of the candidate's next web interview, resolved per recipient when sent",
    },
  },
  {
    key: 'next_web_interview_datetime',
    labels: { ja: '次のWeb面接・面談の日時', en: 'Next web interview date and time' },
    descriptions: {
      ja: '候補者の次のWeb面接・面談の日時（例: 2026年12月1日(火) 10:00〜10:30）',
      en: "The date and time of the candidate's next web interview",
    },
  },
  {
    key: 'next_web_interview_host_name',
    labels: { ja: '次のWeb面接・面談のホスト名', en: 'Next web interview host' },
    descriptions: {
      ja: '候補者の次のWeb面接・面談でホストを務める担当者の名前',
      en: "The name of the person hosting the candidate's next web interview",
    },
  },
];

/** Delimiters of a variable token; default `{{key}}`. A host may match its own template syntax. */
export const TokenSyntaxSchema = z.strictObject({
  open: z.string().min(1).max(8).regex(/^\S+$/),
  close: z.string().min(1).max(8).regex(/^\S+$/),
});
export type TokenSyntax = z.infer<typeof TokenSyntaxSchema>;
export const defaultTokenSyntax: TokenSyntax = { open: '{{', close: '}}' };

export function formatVariableToken(key: string, syntax: TokenSyntax = defaultTokenSyntax): string {
  return `${syntax.open}${key}${syntax.close}`;
}

export const variableContexts = ['single', 'template', 'bulk'] as const;
export const VariableContextSchema = z.enum(variableContexts);
export type VariableContext = z.infer<typeof VariableContextSchema>;

export const variableUnavailableReasons = [
  /** The candidate has no web interview that has not ended yet. */
  'no_upcoming_interview',
  /** The next interview's Zoom link was deleted or changed in Zoom: re-issue it first. */
  'interview_link_broken',
] as const;
export const VariableUnavailableReasonSchema = z.enum(variableUnavailableReasons);
export type VariableUnavailableReason = z.infer<typeof VariableUnavailableReasonSchema>;

export const VariablesQuerySchema = z
  .strictObject({
    context: VariableContextSchema,
    /** Required for `single`: availability is the candidate's. */
    candidateId: IdParamSchema.optional(),
  })
  .refine((query) => query.context !== 'single' || query.candidateId !== undefined, {
    message: 'candidateId is required when context is single',
    path: ['candidateId'],
  });

export const VariableAvailabilitySchema = z.object({
  key: VariableKeySchema,
  available: z.boolean(),
  unavailableReason: VariableUnavailableReasonSchema.nullable(),
});
export type VariableAvailability = z.infer<typeof VariableAvailabilitySchema>;

export const VariableListSchema = z.object({
  context: VariableContextSchema,
  variables: z.array(VariableAvailabilitySchema),
});
export type VariableList = z.infer<typeof VariableListSchema>;

/** Most recipients one render call resolves. */
export const MAX_RENDER_RECIPIENTS = 200;
/** Longest template one render call accepts (characters). */
export const MAX_TEMPLATE_LENGTH = 20_000;

export const RenderVariablesBodySchema = z.strictObject({
  template: z.string().max(MAX_TEMPLATE_LENGTH),
  candidateIds: z.array(IdParamSchema).min(1).max(MAX_RENDER_RECIPIENTS),
  syntax: TokenSyntaxSchema.optional(),
  /** Language of formatted values (dates). Default `ja`. */
  locale: z.enum(['ja', 'en']).optional(),
  /** Time zone of formatted dates. Default `Asia/Tokyo`. */
  timezone: z.string().min(1).max(64).optional(),
});
export type RenderVariablesBody = z.infer<typeof RenderVariablesBodySchema>;

export const RenderResultSchema = z.object({
  candidateId: z.string(),
  /** `resolved`: every known variable had a value; `unresolved`: see `missing`. */
  status: z.enum(['resolved', 'unresolved']),
  /** The text with values in place; null when unresolved (never send a half-filled mail). */
  text: z.string().nullable(),
  missing: z.array(z.object({ key: VariableKeySchema, reason: VariableUnavailableReasonSchema })),
  /** Well-formed tokens naming no known variable: left in the text as they are. */
  unknownTokens: z.array(z.string()),
});
export type RenderResult = z.infer<typeof RenderResultSchema>;

export const RenderVariablesResponseSchema = z.object({
  results: z.array(RenderResultSchema),
});
export type RenderVariablesResponse = z.infer<typeof RenderVariablesResponseSchema>;

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
