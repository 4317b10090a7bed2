import { z } from 'zod';
import { TimeZoneSchema } from './meetings';
import { IdParamSchema } from './schemas';
import { type TokenSyntax, variableKeys } from './variable-catalog';

export const VariableKeySchema = z.enum(variableKeys);

/** `TokenSyntax` as a schema, for request bodies that choose their delimiters. */
export const TokenSyntaxSchema = z.strictObject({
  open: z.string().min(1).max(8).regex(/^\S+$/),
  close: z.string().min(1).max(8).regex(/^\S+$/),
}) satisfies z.ZodType<TokenSyntax>;

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
  /**
   * The mail's language (its recipient's), which dates are written in; never the sender's UI
   * language. Default `ja` (`defaultMailLocale`): the BFF cannot tell a template's language.
   */
  locale: z.enum(['ja', 'en']).optional(),
  /** The recipient's IANA time zone, which dates are written in. Default `Asia/Tokyo`. */
  timezone: TimeZoneSchema.optional(),
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
