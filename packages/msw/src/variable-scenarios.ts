import {
  createInterviewTimeFormatter,
  defaultMailLocale,
  defaultMailTimeZone,
  defaultTokenSyntax,
  type InterviewTimeFormatter,
  parseTemplate,
  type RenderResult,
  type Role,
  TemplateSyntaxError,
  type VariableKey,
  type VariableUnavailableReason,
  variableKeyOfToken,
  variableKeys,
} from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { hostFixtures, joinUrlOf } from './meeting-fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';

export interface VariableScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock the fixture interviews are placed after. @default () => new Date() */
  now?: () => Date;
  /** The caller's role: an interviewer is refused (403 `forbidden`) as by the BFF. @default 'recruiter' */
  role?: Role;
}

export type VariableScenarioName =
  | 'variablesTemplate'
  | 'variablesSingleAvailable'
  | 'variablesSingleNoInterview'
  | 'variablesError';

/** What a candidate's next web interview is, as the BFF would find it in its meeting records. */
type CandidateInterview = 'upcoming' | 'none' | 'broken';

interface VariablePlan {
  /** What every candidate not named in `variableCandidateFixtures` has. */
  otherCandidates: CandidateInterview;
  /** Both routes answer 500 `internal_error`. */
  fails: boolean;
}

const plans: Record<VariableScenarioName, VariablePlan> = {
  variablesTemplate: { otherCandidates: 'upcoming', fails: false },
  variablesSingleAvailable: { otherCandidates: 'upcoming', fails: false },
  variablesSingleNoInterview: { otherCandidates: 'none', fails: false },
  variablesError: { otherCandidates: 'upcoming', fails: true },
};

/**
 * Candidates whose state is the same in every scenario, so one bulk render shows each kind of
 * per-recipient result.
 */
export const variableCandidateFixtures = Object.freeze({
  /** Has an upcoming web interview with 田中 太郎 as host. */
  withInterview: 'cand_yamada',
  /** Has no web interview that has not ended. */
  withoutInterview: 'cand_no_interview',
  /** The next interview's meeting was deleted in Zoom. */
  withBrokenLink: 'cand_broken_link',
});

const fixedCandidates: Record<string, CandidateInterview> = {
  [variableCandidateFixtures.withInterview]: 'upcoming',
  [variableCandidateFixtures.withoutInterview]: 'none',
  [variableCandidateFixtures.withBrokenLink]: 'broken',
};

interface FixtureInterview {
  joinUrl: string;
  start: Date;
  end: Date;
  hostName: string;
  /** What the candidate types at Zoom (the URL carries it too, encrypted). */
  passcode: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const hostNames = [hostFixtures.freeHost.ownerName, hostFixtures.busyHost.ownerName] as const;

/** A stable number per candidate id, so each candidate keeps its own URL and time across calls. */
function hashOf(text: string): number {
  let hash = 2_166_136_261;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 16_777_619);
  }
  return hash >>> 0;
}

/** The candidate's next interview: 1-5 days after `now`, 10:00-14:00 UTC+9, 30 or 60 minutes. */
function fixtureInterviewOf(candidateId: string, now: Date): FixtureInterview {
  const hash = hashOf(candidateId);
  // Midnight in Japan (UTC+9) of the day after `now`, then the hash's day and hour.
  const tokyoMidnight = Math.floor((now.getTime() + 9 * HOUR_MS) / DAY_MS) * DAY_MS - 9 * HOUR_MS;
  const start = new Date(
    tokyoMidnight + (1 + (hash % 5)) * DAY_MS + (10 + ((hash >>> 3) % 5)) * HOUR_MS,
  );
  const durationMs = ((hash >>> 6) % 2 === 0 ? 30 : 60) * 60_000;
  const zoomMeetingId = String(80_000_000_000 + (hash % 9_999_999_999));
  const passcode = ((hash * 2_654_435_761) >>> 0).toString(36).padStart(7, 'k');
  return {
    joinUrl: joinUrlOf(zoomMeetingId, passcode),
    start,
    end: new Date(start.getTime() + durationMs),
    hostName: hostNames[(hash >>> 9) % hostNames.length] ?? hostFixtures.freeHost.ownerName,
    passcode: String(100_000 + (hash % 900_000)),
  };
}

function variableValueOf(
  key: VariableKey,
  interview: FixtureInterview,
  formatTime: InterviewTimeFormatter,
): string {
  switch (key) {
    case 'next_web_interview_url':
      return interview.joinUrl;
    case 'next_web_interview_datetime':
      return formatTime(interview.start, interview.end);
    case 'next_web_interview_host_name':
      return interview.hostName;
    case 'next_web_interview_passcode':
      return interview.passcode;
    default:
      return key satisfies never;
  }
}

const reasons: Record<Exclude<CandidateInterview, 'upcoming'>, VariableUnavailableReason> = {
  none: 'no_upcoming_interview',
  broken: 'interview_link_broken',
};

/**
 * MSW handlers faking `GET /v1/variables` and `POST /v1/variables/render` in one named state,
 * with fresh state per call. Render follows the BFF's rules: a malformed template is refused
 * (400 `template_malformed`); each candidate gets the text with values in place, or null with
 * what is missing and why; unknown tokens stay in the text and are reported. Candidates with an
 * interview get a stable, real-looking Zoom URL of their own, so previews look like the real thing.
 */
export function createVariableHandlers(
  options: VariableScenarioOptions & { scenario: VariableScenarioName },
): RequestHandler[] {
  const plan = plans[options.scenario];
  const now = options.now ?? (() => new Date());
  const answer = { baseUrl: options.baseUrl, delay: options.delay ?? 0, role: options.role };
  const interviews = new Map<string, FixtureInterview>();

  const stateOf = (candidateId: string): CandidateInterview =>
    fixedCandidates[candidateId] ?? plan.otherCandidates;
  const interviewOf = (candidateId: string): FixtureInterview => {
    let interview = interviews.get(candidateId);
    if (interview === undefined) {
      interview = fixtureInterviewOf(candidateId, now());
      interviews.set(candidateId, interview);
    }
    return interview;
  };

  return [
    routeHandler('listVariables', answer, ({ query }) => {
      if (plan.fails) return problemResponse('internal_error');
      // Only `single` is about one candidate; a template or a bulk send resolves per recipient later.
      const state =
        query.context === 'single' && query.candidateId !== undefined
          ? stateOf(query.candidateId)
          : 'upcoming';
      return routeResponse('listVariables', {
        context: query.context,
        variables: variableKeys.map((key) => ({
          key,
          available: state === 'upcoming',
          unavailableReason: state === 'upcoming' ? null : reasons[state],
        })),
      });
    }),
    routeHandler('renderVariables', answer, ({ body }) => {
      if (plan.fails) return problemResponse('internal_error');
      let parts: ReturnType<typeof parseTemplate>;
      try {
        parts = parseTemplate(body.template, body.syntax ?? defaultTokenSyntax);
      } catch (error) {
        if (!(error instanceof TemplateSyntaxError)) throw error;
        return problemResponse('template_malformed', {
          detail: error.message,
          errors: [{ pointer: '/template', message: error.message }],
        });
      }
      // The BFF's own formatter and defaults: the mail's language, the recipient's time zone.
      const formatTime = createInterviewTimeFormatter(
        body.locale ?? defaultMailLocale,
        body.timezone ?? defaultMailTimeZone,
      );
      const unknownTokens = [
        ...new Set(
          parts.flatMap((part) =>
            part.kind === 'token' && !variableKeyOfToken(part.key) ? [part.raw] : [],
          ),
        ),
      ];
      const usedKeys = [
        ...new Set(
          parts.flatMap((part) => {
            // By key or by label, as the BFF reads tokens.
            const key = part.kind === 'token' ? variableKeyOfToken(part.key) : undefined;
            return key ? [key] : [];
          }),
        ),
      ];
      const results = body.candidateIds.map((candidateId): RenderResult => {
        const state = stateOf(candidateId);
        if (state !== 'upcoming' && usedKeys.length > 0) {
          return {
            candidateId,
            status: 'unresolved',
            text: null,
            missing: usedKeys.map((key) => ({ key, reason: reasons[state] })),
            unknownTokens,
          };
        }
        const text = parts
          .map((part) => {
            if (part.kind === 'text') return part.value;
            const key = variableKeyOfToken(part.key);
            if (!key) return part.raw;
            return variableValueOf(key, interviewOf(candidateId), formatTime);
          })
          .join('');
        return { candidateId, status: 'resolved', text, missing: [], unknownTokens };
      });
      return routeResponse('renderVariables', { results });
    }),
  ];
}

function scenario(name: VariableScenarioName) {
  return (options: VariableScenarioOptions): RequestHandler[] =>
    createVariableHandlers({ ...options, scenario: name });
}

/** One factory per named state of the mail variables. */
export const variableScenarios: Record<
  VariableScenarioName,
  (options: VariableScenarioOptions) => RequestHandler[]
> = {
  variablesTemplate: scenario('variablesTemplate'),
  variablesSingleAvailable: scenario('variablesSingleAvailable'),
  variablesSingleNoInterview: scenario('variablesSingleNoInterview'),
  variablesError: scenario('variablesError'),
};

/** Every variable scenario name, in a stable order. */
export const variableScenarioNames = Object.keys(plans) as VariableScenarioName[];
