import {
  createInterviewTimeFormatter,
  defaultMailLocale,
  defaultMailTimeZone,
  type InterviewTimeFormatter,
  type MailLocale,
  parseTemplate,
  type RenderResult,
  type RenderVariablesBody,
  type RenderVariablesResponse,
  type TemplatePart,
  TemplateSyntaxError,
  type VariableContext,
  type VariableKey,
  type VariableList,
  type VariableUnavailableReason,
  variableCatalog,
  variableKeyOfToken,
} from '@ats-zoom/contract';
import type { Clock, MeetingRecord, Store } from '../ports';
import type { Actor } from '../shared/actor';
import { DomainError, type FieldError } from '../shared/errors';

/** What the mail variable use cases need: the meeting records and the time. */
export interface MailVariableDeps {
  store: Pick<Store, 'meetings'>;
  clock: Clock;
}

/** The template cannot be split into text and tokens; `errors` points at the template. */
export class TemplateMalformedError extends DomainError {
  readonly errors: FieldError[];

  constructor(cause: TemplateSyntaxError) {
    const what = cause.reason === 'empty token' ? 'is empty' : 'is not closed';
    const message = `The variable token at character ${cause.offset} ${what}.`;
    super('template_malformed', message, { cause });
    this.errors = [{ pointer: '/body/template', message }];
  }
}

/**
 * `GET /v1/variables`. In a template or a bulk send no single candidate is known, so every
 * variable is offered and resolved per recipient at send time; for one candidate, each
 * variable says whether that candidate's next interview can fill it.
 */
export async function listVariables(
  deps: MailVariableDeps,
  actor: Actor,
  query: { context: VariableContext; candidateId?: string | undefined },
): Promise<VariableList> {
  let reason: VariableUnavailableReason | null = null;
  if (query.context === 'single' && query.candidateId !== undefined) {
    const [meeting] = await deps.store.meetings.nextMeetingsForCandidates(
      actor.tenantId,
      [query.candidateId],
      deps.clock.now(),
    );
    reason = unavailableReason(meeting);
  }
  return {
    context: query.context,
    variables: variableCatalog.map((variable) => ({
      key: variable.key,
      available: reason === null,
      unavailableReason: reason,
    })),
  };
}

/**
 * `POST /v1/variables/render`: the template resolved for each recipient, in the order asked.
 * A recipient missing any variable the template uses gets no text at all (a half-filled mail
 * must not go out); tokens naming no variable stay in the text and are reported.
 */
export async function renderVariables(
  deps: MailVariableDeps,
  actor: Actor,
  body: RenderVariablesBody,
): Promise<RenderVariablesResponse> {
  // The mail's language and the recipient's time zone, as the host says (never the sender's UI);
  // the route's schema has refused a time zone Intl does not know.
  const locale = body.locale ?? defaultMailLocale;
  const format = createInterviewTimeFormatter(locale, body.timezone ?? defaultMailTimeZone);
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(body.template, body.syntax);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new TemplateMalformedError(error);
    throw error;
  }
  const usedKeys = new Set<VariableKey>();
  const unknownTokens = new Set<string>();
  for (const part of parts) {
    if (part.kind !== 'token') continue;
    // A token names a variable by its key or by its label in any language (`{{次のWeb面接・面談URL}}`).
    const key = variableKeyOfToken(part.key);
    if (key) usedKeys.add(key);
    else unknownTokens.add(part.raw);
  }

  const candidateIds = [...new Set(body.candidateIds)];
  const meetings =
    usedKeys.size === 0
      ? []
      : await deps.store.meetings.nextMeetingsForCandidates(
          actor.tenantId,
          candidateIds,
          deps.clock.now(),
        );
  const nextMeeting = new Map(meetings.map((meeting) => [meeting.candidateId, meeting]));

  const resultOf = new Map<string, RenderResult>();
  for (const candidateId of candidateIds) {
    const meeting = nextMeeting.get(candidateId);
    const reason = usedKeys.size === 0 ? null : unavailableReason(meeting);
    if (reason !== null) {
      resultOf.set(candidateId, {
        candidateId,
        status: 'unresolved',
        text: null,
        missing: [...usedKeys].map((key) => ({ key, reason })),
        unknownTokens: [...unknownTokens],
      });
      continue;
    }
    const text = parts
      .map((part) => {
        if (part.kind === 'text') return part.value;
        const key = variableKeyOfToken(part.key);
        if (!key || meeting === undefined) return part.raw;
        return variableValue(key, meeting, format, locale);
      })
      .join('');
    resultOf.set(candidateId, {
      candidateId,
      status: 'resolved',
      text,
      missing: [],
      unknownTokens: [...unknownTokens],
    });
  }
  return {
    results: body.candidateIds.map((candidateId) => resultOf.get(candidateId) as RenderResult),
  };
}

function unavailableReason(meeting: MeetingRecord | undefined): VariableUnavailableReason | null {
  if (meeting === undefined) return 'no_upcoming_interview';
  // A link deleted or changed in Zoom must never reach a candidate: it is re-issued first.
  if (meeting.linkStatus === 'broken') return 'interview_link_broken';
  return null;
}

/** What the passcode variable says when there is no passcode to give, in the mail's language. */
const passcodeTexts = {
  none: { ja: 'なし', en: 'none' },
  inUrl: { ja: 'URL に含まれています', en: 'included in the URL' },
  unknown: { ja: 'Zoom の招待をご確認ください', en: 'see the Zoom invitation' },
} as const;

function passcodeValue(meeting: MeetingRecord, locale: MailLocale): string {
  if (!meeting.hasPasscode) return passcodeTexts.none[locale];
  if (meeting.passcode !== null) return meeting.passcode;
  // Saved before passcodes were kept: the URL may still carry it.
  return (meeting.passcodeEmbedded ? passcodeTexts.inUrl : passcodeTexts.unknown)[locale];
}

function variableValue(
  key: VariableKey,
  meeting: MeetingRecord,
  formatTime: InterviewTimeFormatter,
  locale: MailLocale,
): string {
  switch (key) {
    case 'next_web_interview_url':
      return meeting.joinUrl;
    case 'next_web_interview_datetime':
      return formatTime(
        meeting.startTime,
        new Date(meeting.startTime.getTime() + meeting.durationMinutes * 60_000),
      );
    case 'next_web_interview_host_name':
      return meeting.hostOwnerName;
    case 'next_web_interview_passcode':
      return passcodeValue(meeting, locale);
    default:
      return key satisfies never;
  }
}
