import type { Connection, OAuthAttempt, ProblemCode } from '@ats-zoom/contract';
import type { RequestHandler } from 'msw';
import { fixtures } from './fixtures';
import { problemResponse, routeHandler, routeResponse } from './route-handlers';

export interface ZoomConnectionScenarioOptions {
  /** The BFF base URL the code under test calls, e.g. http://localhost:4000. */
  baseUrl: string;
  /** ms delay for every answer. @default 0 */
  delay?: number;
  /** Clock for attempt expiry times. @default () => new Date() */
  now?: () => Date;
}

export type ZoomConnectionScenarioName =
  | 'notConnected'
  | 'connected'
  | 'connectedManaged'
  | 'connectedMovedIn'
  | 'needsReauth'
  | 'movedSameTenant'
  | 'movedOtherTenant'
  | 'awaitingApproval'
  | 'connectDenied'
  | 'loading'
  | 'serverError'
  | 'disconnectFails';

/** How an OAuth attempt started in a scenario ends when polled. */
type AttemptOutcome =
  | { kind: 'succeeds' }
  | { kind: 'staysPending' }
  | { kind: 'fails'; errorCode: ProblemCode };

interface ScenarioPlan {
  /** The Zoom connection GET /connections/me starts with. */
  initial: Connection | null;
  attempt: AttemptOutcome;
  /** GET /connections/me: answer normally, never, or with a server error. */
  me: 'answers' | 'never' | 'fails';
  disconnect: 'works' | 'fails';
}

const happyPath: ScenarioPlan = {
  initial: null,
  attempt: { kind: 'succeeds' },
  me: 'answers',
  disconnect: 'works',
};

const plans: Record<ZoomConnectionScenarioName, ScenarioPlan> = {
  notConnected: happyPath,
  connected: { ...happyPath, initial: fixtures.personalConnection },
  connectedManaged: { ...happyPath, initial: fixtures.managedConnection },
  connectedMovedIn: { ...happyPath, initial: fixtures.movedInConnection },
  needsReauth: { ...happyPath, initial: fixtures.needsReauthConnection },
  movedSameTenant: { ...happyPath, initial: fixtures.movedSameTenantConnection },
  movedOtherTenant: { ...happyPath, initial: fixtures.movedOtherTenantConnection },
  awaitingApproval: { ...happyPath, attempt: { kind: 'staysPending' } },
  connectDenied: { ...happyPath, attempt: { kind: 'fails', errorCode: 'oauth_access_denied' } },
  loading: { ...happyPath, me: 'never' },
  serverError: { ...happyPath, me: 'fails' },
  disconnectFails: { ...happyPath, initial: fixtures.personalConnection, disconnect: 'fails' },
};

const ATTEMPT_LIFETIME_MS = 10 * 60 * 1000;

/**
 * MSW handlers faking the BFF's Zoom connection routes in one named state. Every call creates
 * fresh in-memory state, so stories and parallel tests never share it. Routes a scenario is not
 * about behave like the happy path: connecting again succeeds, disconnecting works.
 */
export function createZoomConnectionHandlers(
  options: ZoomConnectionScenarioOptions & { scenario: ZoomConnectionScenarioName },
): RequestHandler[] {
  const plan = plans[options.scenario];
  const now = options.now ?? (() => new Date());
  const answer = { baseUrl: options.baseUrl, delay: options.delay ?? 0 };
  let zoom: Connection | null = plan.initial === null ? null : { ...plan.initial };
  const attempts = new Map<string, OAuthAttempt>();
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_${++sequence}`;

  /** The connection a successful (re)connect produces, like the BFF's. */
  const connectionAfterConnect = (): Connection => {
    const at = now().toISOString();
    // Reconnecting a moved link takes it back: the user is told where it came from.
    const movedFrom = zoom?.status === 'moved' ? zoom.movedTo : null;
    return {
      ...fixtures.personalConnection,
      id: nextId('conn_zoom'),
      connectedAt: at,
      updatedAt: at,
      movedFrom,
    };
  };

  return [
    routeHandler(
      'getMyConnections',
      plan.me === 'never' ? { ...answer, delay: 'infinite' } : answer,
      () =>
        plan.me === 'fails'
          ? problemResponse('internal_error', { requestId: nextId('req') })
          : routeResponse('getMyConnections', { zoom }),
    ),
    routeHandler('startAuthorization', answer, ({ params }) => {
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
      if (zoom === null || zoom.id !== params.connectionId) return problemResponse('not_found');
      if (plan.disconnect === 'fails') {
        return problemResponse('provider_unavailable', { requestId: nextId('req') });
      }
      zoom = null;
      return routeResponse('deleteConnection', undefined);
    }),
    routeHandler('healthz', answer, () => routeResponse('healthz', { status: 'ok' })),
    routeHandler('readyz', answer, () => routeResponse('readyz', { status: 'ok' })),
  ];

  function settleAttempt(attempt: OAuthAttempt): void {
    switch (plan.attempt.kind) {
      case 'succeeds': {
        const connection = connectionAfterConnect();
        zoom = connection;
        attempt.status = 'succeeded';
        attempt.connection = connection;
        return;
      }
      case 'fails':
        attempt.status = 'failed';
        attempt.errorCode = plan.attempt.errorCode;
        return;
      case 'staysPending':
        return;
      default:
        plan.attempt satisfies never;
    }
  }
}

function scenario(name: ZoomConnectionScenarioName) {
  return (options: ZoomConnectionScenarioOptions): RequestHandler[] =>
    createZoomConnectionHandlers({ ...options, scenario: name });
}

/** One factory per named state of the Zoom connection (Storybook stories, component tests). */
export const zoomConnectionScenarios: Record<
  ZoomConnectionScenarioName,
  (options: ZoomConnectionScenarioOptions) => RequestHandler[]
> = {
  notConnected: scenario('notConnected'),
  connected: scenario('connected'),
  connectedManaged: scenario('connectedManaged'),
  connectedMovedIn: scenario('connectedMovedIn'),
  needsReauth: scenario('needsReauth'),
  movedSameTenant: scenario('movedSameTenant'),
  movedOtherTenant: scenario('movedOtherTenant'),
  awaitingApproval: scenario('awaitingApproval'),
  connectDenied: scenario('connectDenied'),
  loading: scenario('loading'),
  serverError: scenario('serverError'),
  disconnectFails: scenario('disconnectFails'),
};

/** Every scenario name, in a stable order (for tests and story lists). */
export const zoomConnectionScenarioNames = Object.keys(plans) as ZoomConnectionScenarioName[];
