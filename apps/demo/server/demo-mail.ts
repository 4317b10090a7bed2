import {
  MAX_RENDER_RECIPIENTS,
  MAX_TEMPLATE_LENGTH,
  type VariableKey,
  type VariableUnavailableReason,
} from '@ats-zoom/contract';
import { z } from 'zod';

const CandidateIdSchema = z.string().min(1).max(64);
// A subject is one line: the send path joins it to the body with a line break (see host-backend).
const SubjectSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\r\n]*$/, 'a subject is one line');
const BodySchema = z
  .string()
  .min(1)
  .max(MAX_TEMPLATE_LENGTH - 201);
const LocaleSchema = z.enum(['ja', 'en']).optional();

/** 候補者へのメール作成 → 送信: one mail to one candidate. */
export const SendMailBodySchema = z.strictObject({
  candidateId: CandidateIdSchema,
  subject: SubjectSchema,
  body: BodySchema,
  /** The mail's language, which resolved dates are written in (not the screen's). @default ja */
  locale: LocaleSchema,
});
export type SendMailBody = z.infer<typeof SendMailBodySchema>;

/** メールテンプレート: saved and edited by recruiters and coordinators of one tenant. */
export const MailTemplateInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  subject: SubjectSchema,
  body: BodySchema,
});
export type MailTemplateInput = z.infer<typeof MailTemplateInputSchema>;

/** 一括送信: one template to many candidates, resolved in one render call. */
export const BulkSendBodySchema = z.strictObject({
  templateId: z.string().min(1).max(64),
  candidateIds: z
    .array(CandidateIdSchema)
    .min(1)
    .max(MAX_RENDER_RECIPIENTS)
    .refine((ids) => new Set(ids).size === ids.length, 'each candidate once'),
  locale: LocaleSchema,
});
export type BulkSendBody = z.infer<typeof BulkSendBodySchema>;

export interface MailTemplate extends MailTemplateInput {
  id: string;
  tenantId: string;
  updatedAt: string;
}

/** What happened to the mail of one recipient. */
export interface MailDelivery {
  candidateId: string;
  candidateName: string;
  /** `sent` with every variable resolved; `not_sent` when one could not be (never half-filled). */
  status: 'sent' | 'not_sent';
  /** The resolved subject and body; null when not sent. */
  subject: string | null;
  text: string | null;
  missing: { key: VariableKey; reason: VariableUnavailableReason }[];
  /** Tokens naming no known variable, left in the text as typed. */
  unknownTokens: string[];
}

export interface SentMail {
  id: string;
  tenantId: string;
  candidateId: string;
  candidateName: string;
  subject: string;
  text: string;
  sentBy: string;
  sentAt: string;
}

function seedTemplates(): MailTemplate[] {
  const body = (greeting: string) =>
    `${greeting}\n\n次の面接は {{次のWeb面接・面談の日時}} に Web で行います。\n当日は次の URL から参加してください。\n{{次のWeb面接・面談URL}}\n\n担当: {{次のWeb面接・面談のホスト名}}`;
  const seeded = (tenantId: string, greeting: string): MailTemplate => ({
    id: `tpl-${tenantId}-web-interview`,
    tenantId,
    name: 'Web面接のご案内',
    subject: '【Web面接のご案内】',
    body: body(greeting),
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  return [
    seeded('acme', '株式会社アクメ 採用担当です。'),
    seeded('globex', 'グロービクス株式会社 採用担当です。'),
  ];
}

/**
 * The mock ATS's mail templates and sent mails, in memory per host backend. Every read and
 * write is scoped to one tenant.
 */
export class DemoMailStore {
  readonly #templates = new Map<string, MailTemplate>(
    seedTemplates().map((template) => [template.id, template]),
  );
  readonly #sent: SentMail[] = [];
  readonly #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  listTemplates(tenantId: string): MailTemplate[] {
    return [...this.#templates.values()]
      .filter((template) => template.tenantId === tenantId)
      .map((template) => structuredClone(template));
  }

  /** Undefined for an unknown id and for another tenant's template alike. */
  findTemplate(tenantId: string, templateId: string): MailTemplate | undefined {
    const template = this.#templates.get(templateId);
    return template?.tenantId === tenantId ? structuredClone(template) : undefined;
  }

  createTemplate(tenantId: string, input: MailTemplateInput): MailTemplate {
    const template: MailTemplate = {
      ...input,
      id: `tpl-${crypto.randomUUID()}`,
      tenantId,
      updatedAt: this.#now().toISOString(),
    };
    this.#templates.set(template.id, template);
    return structuredClone(template);
  }

  updateTemplate(
    tenantId: string,
    templateId: string,
    input: MailTemplateInput,
  ): MailTemplate | undefined {
    const template = this.#templates.get(templateId);
    if (template?.tenantId !== tenantId) return undefined;
    Object.assign(template, input, { updatedAt: this.#now().toISOString() });
    return structuredClone(template);
  }

  recordSent(mail: Omit<SentMail, 'id' | 'sentAt'>): SentMail {
    const sent: SentMail = {
      ...mail,
      id: `mail-${crypto.randomUUID()}`,
      sentAt: this.#now().toISOString(),
    };
    this.#sent.push(sent);
    return structuredClone(sent);
  }

  /** Newest first. */
  listSent(tenantId: string): SentMail[] {
    return this.#sent
      .filter((mail) => mail.tenantId === tenantId)
      .reverse()
      .map((mail) => structuredClone(mail));
  }
}
