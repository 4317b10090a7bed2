import type { MailDelivery, MailTemplate, MailTemplateInput } from '../server/demo-mail';
import type { MailCandidate } from '../server/host-backend';
import type { DemoLocale } from './demo-text';
import { HostApiError } from './interviews-api';

export type { MailDelivery, MailTemplate, MailTemplateInput } from '../server/demo-mail';
export type { MailCandidate } from '../server/host-backend';

/** A send refused because a `{{` has no `}}` (or a token is empty): the writer must fix the text. */
export class MalformedTemplateError extends Error {
  constructor() {
    super('the mail has a malformed variable token');
    this.name = 'MalformedTemplateError';
  }
}

async function mailApi<T>(path: string, userId: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${path}?user=${encodeURIComponent(userId)}`, init);
  if (response.status === 400) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    if (body.error === 'template_malformed') throw new MalformedTemplateError();
  }
  if (!response.ok) throw new HostApiError(response.status);
  return (await response.json()) as T;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const mailKeys = {
  candidates: (userId: string) => ['mock-ats', userId, 'mail', 'candidates'] as const,
  templates: (userId: string) => ['mock-ats', userId, 'mail', 'templates'] as const,
};

export function listMailCandidates(userId: string): Promise<MailCandidate[]> {
  return mailApi<{ candidates: MailCandidate[] }>('/host-api/mail/candidates', userId).then(
    (body) => body.candidates,
  );
}

export function listMailTemplates(userId: string): Promise<MailTemplate[]> {
  return mailApi<{ templates: MailTemplate[] }>('/host-api/mail/templates', userId).then(
    (body) => body.templates,
  );
}

/** Creates the template, or updates it when `templateId` is given. */
export function saveMailTemplate(
  userId: string,
  input: MailTemplateInput,
  templateId?: string,
): Promise<MailTemplate> {
  return templateId === undefined
    ? mailApi('/host-api/mail/templates', userId, json('POST', input))
    : mailApi(
        `/host-api/mail/templates/${encodeURIComponent(templateId)}`,
        userId,
        json('PUT', input),
      );
}

export function sendMail(
  userId: string,
  mail: { candidateId: string; subject: string; body: string; locale: DemoLocale },
): Promise<MailDelivery> {
  return mailApi<{ delivery: MailDelivery }>(
    '/host-api/mail/send',
    userId,
    json('POST', mail),
  ).then((body) => body.delivery);
}

export function bulkSendMail(
  userId: string,
  send: { templateId: string; candidateIds: string[]; locale: DemoLocale },
): Promise<MailDelivery[]> {
  return mailApi<{ deliveries: MailDelivery[] }>(
    '/host-api/mail/bulk-send',
    userId,
    json('POST', send),
  ).then((body) => body.deliveries);
}
