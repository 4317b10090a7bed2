import type {
  ApprovalWait,
  Connection,
  MyConnections,
  OAuthAttempt,
  ProblemCode,
  Provider,
} from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';

export interface ConnectionScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock for attempt expiry and connection times. @default () => new Date() */
  now?: () => Date;
}

/** How an OAuth attempt started in a scenario ends when polled. */
export type AttemptOutcome =
  | { kind: 'succeeds' }
  | { kind: 'staysPending' }
  | { kind: 'fails'; errorCode: ProblemCode }
  /**
   * The first attempt fails with `errorCode`, later ones succeed: e.g. Microsoft 365's
   * `admin_consent_required` until the tenant's administrator consented in between.
   */
  | { kind: 'failsFirst'; errorCode: ProblemCode };

/** One provider's part of a connection scenario. */
export interface ConnectionPlan {
  /** The connection GET /connections/me starts with. */
  initial: Connection | null;
  /** What a successful (re)connect produces (its id and times are replaced). */
  connectsAs: Connection;
  attempt: AttemptOutcome;
  /** GET /connections/me: answer normally, never, or with a server error. */
  me: 'answers' | 'never' | 'fails';
  /** Disconnecting: works, or fails with a problem that names this provider. */
  disconnect: 'works' | { failsWith: ProblemCode };
  /** Zoom: the user already said they asked their Zoom admin for pre-approval (`zoomApprovalWait`). */
  approvalWait?: ApprovalWait;
}

/** Nothing linked; connecting succeeds on the first poll and disconnecting works. */
export function notConnectedPlan(connectsAs: Connection): ConnectionPlan {
  return {
    initial: null,
    connectsAs,
    attempt: { kind: 'succeeds' },
    me: 'answers',
    disconnect: 'works',
  };
}

const ATTEMPT_LIFETIME_MS = 10 * 60 * 1000;

/** One plan per provider; Outlook's only where the fake BFF has Outlook configured. */
export type ConnectionPlans = Record<'zoom' | 'google', ConnectionPlan> & {
  outlook?: ConnectionPlan;
};

/** The caller's links as each plan starts them: the state the connection handlers change. */
export function initialLinks(plans: ConnectionPlans): MyConnections {
  const { approvalWait } = plans.zoom;
  return {
    zoom: copyOf(plans.zoom.initial),
    google: copyOf(plans.google.initial),
    ...(plans.outlook ? { outlook: copyOf(plans.outlook.initial) } : {}),
    ...(approvalWait ? { zoomApprovalWait: { ...approvalWait } } : {}),
  };
}

/**
 * MSW handlers faking the BFF's connection routes (`GET /connections/me`, authorize, attempt
 * polling, disconnect, the Zoom pre-approval wait, notice acknowledgement) with one plan per provider. Every call creates fresh in-memory state, so
 * stories and parallel tests never share it, unless `current` is given: the links other groups
 * of the same fake BFF read (see `createScenarioHandlers`), changed in place.
 */
export function createProviderConnectionHandlers(
  options: ConnectionScenarioOptions,
  plans: ConnectionPlans,
  current: MyConnections = initialLinks(plans),
): RequestHandler[] {
  const now = options.now ?? (() => new Date());
  const answer = { baseUrl: options.baseUrl, delay: options.delay ?? 0 };
  const providers = (Object.keys(plans) as Provider[]).filter((key) => plans[key] !== undefined);
  /** The plan of a provider this fake BFF has (an attempt or a link exists only for those). */
  const planOf = (provider: Provider): ConnectionPlan => {
    const plan = plans[provider];
    if (plan === undefined) throw new Error(`This scenario has no ${provider} plan.`);
    return plan;
  };
  const attempts = new Map<string, OAuthAttempt>();
  /** Attempts settled so far, per provider (`failsFirst` fails only the first). */
  const settled = new Map<Provider, number>();
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_${++sequence}`;
  const meNeverAnswers = providers.some((provider) => planOf(provider).me === 'never');
  const meFails = providers.some((provider) => planOf(provider).me === 'fails');

  /** The connection a successful (re)connect produces, like the BFF's. */
  const connectionAfterConnect = (provider: Provider): Connection => {
    const at = now().toISOString();
    const previous = current[provider];
    // Reconnecting a moved link takes it back: the user is told where it came from.
    const movedFrom = previous?.status === 'moved' ? previous.movedTo : null;
    return {
      ...planOf(provider).connectsAs,
      id: nextId(`conn_${provider}`),
      connectedAt: at,
      updatedAt: at,
      movedFrom,
      movedTo: null,
    };
  };

  const settleAttempt = (attempt: OAuthAttempt): void => {
    const planned = planOf(attempt.provider).attempt;
    const count = settled.get(attempt.provider) ?? 0;
    const outcome: Exclude<AttemptOutcome, { kind: 'failsFirst' }> =
      planned.kind !== 'failsFirst'
        ? planned
        : count === 0
          ? { kind: 'fails', errorCode: planned.errorCode }
          : { kind: 'succeeds' };
    if (outcome.kind !== 'staysPending') settled.set(attempt.provider, count + 1);
    switch (outcome.kind) {
      case 'succeeds': {
        const connection = connectionAfterConnect(attempt.provider);
        current[attempt.provider] = connection;
        // Connecting ends a wait for the Zoom admin's pre-approval, as at the BFF.
        if (attempt.provider === 'zoom') delete current.zoomApprovalWait;
        attempt.status = 'succeeded';
        attempt.connection = connection;
        return;
      }
      case 'fails':
        attempt.status = 'failed';
        attempt.errorCode = outcome.errorCode;
        return;
      case 'staysPending':
        return;
      default:
        outcome satisfies never;
    }
  };

  return [
    routeHandler(
      'getMyConnections',
      meNeverAnswers ? { ...answer, delay: 'infinite' } : answer,
      () =>
        meFails
          ? problemResponse('internal_error', { requestId: nextId('req') })
          : routeResponse('getMyConnections', { ...current }),
    ),
    routeHandler('startAuthorization', answer, ({ params }) => {
      // A provider this fake BFF is not configured for, as the BFF answers it.
      if (!providers.includes(params.provider)) return problemResponse('not_found');
      const attempt: OAuthAttempt = {
        attemptId: nextId('attempt'),
        provider: params.provider,
        status: 'pending',
        errorCode: null,
        connection: null,
        expiresAt: new Date(now().getTime() + ATTEMPT_LIFETIME_MS).toISOString(),
      };
      attempts.set(attempt.attemptId, attempt);
      // Stories cannot run real OAuth: the popup shows nothing and the component polls.
      return routeResponse('startAuthorization', {
        attemptId: attempt.attemptId,
        authorizationUrl: 'about:blank',
        expiresAt: attempt.expiresAt,
      });
    }),
    routeHandler('getOAuthAttempt', answer, ({ params }) => {
      const attempt = attempts.get(params.attemptId);
      if (attempt === undefined) return problemResponse('not_found');
      if (attempt.status === 'pending') settleAttempt(attempt);
      return routeResponse('getOAuthAttempt', attempt);
    }),
    routeHandler('deleteConnection', answer, ({ params }) => {
      const provider = providers.find((p) => current[p]?.id === params.connectionId);
      if (provider === undefined) return problemResponse('not_found');
      const { disconnect } = planOf(provider);
      if (disconnect !== 'works') {
        return problemResponse(disconnect.failsWith, { requestId: nextId('req'), provider });
      }
      current[provider] = null;
      return routeResponse('deleteConnection', undefined);
    }),
    routeHandler('setApprovalWait', answer, ({ body }) => {
      // As at the BFF: the first time stays, and an active link has nothing to wait for.
      if (!body.waiting) delete current.zoomApprovalWait;
      else if (current.zoom?.status !== 'active') {
        current.zoomApprovalWait ??= { since: now().toISOString() };
      }
      return routeResponse('setApprovalWait', { ...current });
    }),
    // The one-time 「…から移されました」 notice was seen: later reads leave it out, as the BFF does.
    routeHandler('acknowledgeConnectionNotice', answer, ({ params }) => {
      const provider = providers.find((p) => current[p]?.id === params.connectionId);
      const link = provider && current[provider];
      if (!link) return problemResponse('not_found');
      link.movedFrom = null;
      return routeResponse('acknowledgeConnectionNotice', undefined);
    }),
    routeHandler('healthz', answer, () => routeResponse('healthz', { status: 'ok' })),
    routeHandler('readyz', answer, () => routeResponse('readyz', { status: 'ok' })),
  ];
}

function copyOf(connection: Connection | null): Connection | null {
  return connection === null ? null : { ...connection };
}
