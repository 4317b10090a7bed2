import { createAtsZoomClient } from '@ats-zoom/client';
import { ProblemSchema, routes } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  expectScenariosParse,
  failureOf,
  setupScenarioServer,
} from '../test/scenario-server';
import { approvalWaitSince, fixtures } from './fixtures';
import {
  createZoomConnectionHandlers,
  type ZoomConnectionScenarioName,
  zoomConnectionScenarioNames,
  zoomConnectionScenarios,
} from './zoom-connection-scenarios';

const server = setupScenarioServer();

// The client parses every success body with the route's schema and every error body with
// ProblemSchema, so a passing call is also a contract check of what the scenario answered.
function useScenario(name: ZoomConnectionScenarioName, options: { delay?: number } = {}) {
  server.use(...zoomConnectionScenarios[name]({ baseUrl, ...options }));
  // Every answer checked against the contract: the scenarios must not drift from it.
  return createAtsZoomClient({ baseUrl, getToken: () => 'test-token', validateResponses: routes });
}

function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

describe('zoom connection scenarios', () => {
  it('when notConnected, then me has no zoom and connecting succeeds on the first poll and me turns connected', async () => {
    const client = useScenario('notConnected');

    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null });
    const start = await client.startAuthorization('zoom');
    expect(start.authorizationUrl).toBe('about:blank');
    const attempt = await client.getOAuthAttempt(start.attemptId);

    expect(attempt).toMatchObject({ status: 'succeeded', errorCode: null, provider: 'zoom' });
    expect(attempt.connection).toMatchObject({ status: 'active', accountType: 'personal' });
    const after = await client.getMyConnections();
    expect(after.zoom).toEqual(attempt.connection);
  });

  it('when connected, then me shows the personal account and its e-mail, and after disconnecting me is empty', async () => {
    const client = useScenario('connected');

    const { zoom } = await client.getMyConnections();
    expect(zoom).toMatchObject({ status: 'active', accountType: 'personal' });
    expect(zoom?.email).toBe(fixtures.personalConnection.email);

    await expect(client.deleteConnection(zoom?.id ?? '')).resolves.toBeUndefined();
    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null });
  });

  it('when connectedManaged, then me shows a managed account', async () => {
    const { zoom } = await useScenario('connectedManaged').getMyConnections();

    expect(zoom).toMatchObject({ status: 'active', accountType: 'managed' });
  });

  it('when connectedMovedIn, then the active link says it came from 佐藤 花子 of the same tenant', async () => {
    const { zoom } = await useScenario('connectedMovedIn').getMyConnections();

    expect(zoom).toMatchObject({
      status: 'active',
      movedFrom: { scope: 'same_tenant', userName: '佐藤 花子' },
      movedTo: null,
    });
  });

  it('when the moved-in notice is acknowledged, then me leaves movedFrom out from then on; an unknown link is 404', async () => {
    const client = useScenario('connectedMovedIn');
    const { zoom } = await client.getMyConnections();

    await client.acknowledgeConnectionNotice(fixtures.movedInConnection.id);
    const unknown = await failureOf(client.acknowledgeConnectionNotice('conn_other'));

    expect((await client.getMyConnections()).zoom).toEqual({ ...zoom, movedFrom: null });
    expect(unknown).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('when needsReauth, then me says so and connecting again makes it active', async () => {
    const client = useScenario('needsReauth');

    expect((await client.getMyConnections()).zoom?.status).toBe('needs_reauth');
    const start = await client.startAuthorization('zoom');
    await client.getOAuthAttempt(start.attemptId);

    expect((await client.getMyConnections()).zoom?.status).toBe('active');
  });

  it('when movedSameTenant, then me names 佐藤 花子 as the new holder, and reconnecting takes it back from her', async () => {
    const client = useScenario('movedSameTenant');

    expect((await client.getMyConnections()).zoom).toMatchObject({
      status: 'moved',
      movedTo: { scope: 'same_tenant', userName: '佐藤 花子' },
    });
    const start = await client.startAuthorization('zoom');
    const attempt = await client.getOAuthAttempt(start.attemptId);

    expect(attempt.connection).toMatchObject({
      status: 'active',
      movedFrom: { scope: 'same_tenant', userName: '佐藤 花子' },
      movedTo: null,
    });
  });

  it('when movedOtherTenant, then me says another organization holds it, without a name', async () => {
    const { zoom } = await useScenario('movedOtherTenant').getMyConnections();

    expect(zoom).toMatchObject({ status: 'moved', movedTo: { scope: 'other_tenant' } });
    expect(zoom?.movedTo).not.toHaveProperty('userName');
  });

  it('when preApprovalPage, then the attempt stays pending on every poll and me stays empty', async () => {
    const client = useScenario('preApprovalPage');

    const start = await client.startAuthorization('zoom');
    const polls = [
      await client.getOAuthAttempt(start.attemptId),
      await client.getOAuthAttempt(start.attemptId),
      await client.getOAuthAttempt(start.attemptId),
    ];

    expect(polls.map((poll) => poll.status)).toEqual(['pending', 'pending', 'pending']);
    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null });
  });

  it('when preApprovalPage and the user says they asked the admin, then me reports the wait until it is withdrawn', async () => {
    const client = useScenario('preApprovalPage');
    await client.startAuthorization('zoom');

    const waiting = await client.setApprovalWait({ waiting: true });
    expect(waiting).toEqual({
      zoom: null,
      google: null,
      zoomApprovalWait: { since: expect.any(String) },
    });
    expect(await client.getMyConnections()).toEqual(waiting);
    expect(await client.setApprovalWait({ waiting: true })).toEqual(waiting);

    expect(await client.setApprovalWait({ waiting: false })).toEqual({ zoom: null, google: null });
    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null });
  });

  it('when awaitingApproval, then me reports the wait, and connecting again (the admin approved) links the account and ends it', async () => {
    const client = useScenario('awaitingApproval');
    expect(await client.getMyConnections()).toEqual({
      zoom: null,
      google: null,
      zoomApprovalWait: { since: approvalWaitSince },
    });

    const start = await client.startAuthorization('zoom');
    expect((await client.getOAuthAttempt(start.attemptId)).status).toBe('succeeded');
    const after = await client.getMyConnections();
    expect(after.zoom).toMatchObject({ status: 'active', accountType: 'managed' });
    expect(after).not.toHaveProperty('zoomApprovalWait');
  });

  it('when connectDenied, then the attempt fails with oauth_access_denied and me stays empty', async () => {
    const client = useScenario('connectDenied');

    const start = await client.startAuthorization('zoom');
    const attempt = await client.getOAuthAttempt(start.attemptId);

    expect(attempt).toMatchObject({
      status: 'failed',
      errorCode: 'oauth_access_denied',
      connection: null,
    });
    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null });
  });

  it('when loading, then me never answers while the other routes still do', async () => {
    const client = useScenario('loading');
    const controller = new AbortController();

    const me = client.getMyConnections({ signal: controller.signal });
    const start = await client.startAuthorization('zoom');

    expect(start.attemptId).toEqual(expect.any(String));
    expect(await settledWithin(me, 50)).toBe(false);
    controller.abort();
    await expect(me).rejects.toThrow();
  });

  it('when serverError, then me fails with a 500 internal_error problem', async () => {
    const error = await failureOf(useScenario('serverError').getMyConnections());

    expect(error).toMatchObject({ status: 500, code: 'internal_error' });
    expect(ProblemSchema.parse(error.problem)).toMatchObject({ status: 500 });
    expect(error.problem?.requestId).toEqual(expect.any(String));
  });

  it('when disconnectFails, then DELETE fails with a 503 provider_unavailable and the link stays', async () => {
    const client = useScenario('disconnectFails');
    const { zoom } = await client.getMyConnections();

    const error = await failureOf(client.deleteConnection(zoom?.id ?? ''));

    expect(error).toMatchObject({ status: 503, code: 'provider_unavailable' });
    expect((await client.getMyConnections()).zoom).toEqual(zoom);
  });

  it('when every scenario is read, then its me answer and its connect flow parse with the contract', async () => {
    await expectScenariosParse(server, 'zoom', zoomConnectionScenarioNames, (scenario) =>
      createZoomConnectionHandlers({ baseUrl, scenario }),
    );
    expect(zoomConnectionScenarioNames).toHaveLength(14);
  });
});

describe('zoom connection scenario handlers', () => {
  it('when one factory is called twice, then each set of handlers has its own state', async () => {
    const first = createZoomConnectionHandlers({ baseUrl, scenario: 'connected' });
    const second = createZoomConnectionHandlers({
      baseUrl: 'http://other-bff.test',
      scenario: 'connected',
    });
    server.use(...first, ...second);
    const a = createAtsZoomClient({ baseUrl, getToken: () => 't' });
    const b = createAtsZoomClient({ baseUrl: 'http://other-bff.test', getToken: () => 't' });

    await a.deleteConnection(fixtures.personalConnection.id);

    expect((await a.getMyConnections()).zoom).toBeNull();
    expect((await b.getMyConnections()).zoom?.id).toBe(fixtures.personalConnection.id);
    expect(fixtures.personalConnection.status).toBe('active');
  });

  it('when a delay is set, then every answer waits at least that long', async () => {
    const client = useScenario('connected', { delay: 60 });
    const startedAt = performance.now();

    await client.getMyConnections();

    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(55);
  });

  it('when the request has no bearer token, then it answers 401 unauthenticated like the BFF', async () => {
    const client = useScenario('connected');
    const anonymous = createAtsZoomClient({ baseUrl, getToken: () => '' });

    const error = await failureOf(anonymous.getMyConnections());

    expect(error).toMatchObject({ status: 401, code: 'unauthenticated' });
    await expect(client.getMyConnections()).resolves.toBeDefined();
  });

  it('when polling an attempt that was never started, then it answers 404 not_found', async () => {
    const error = await failureOf(useScenario('notConnected').getOAuthAttempt('att_unknown'));

    expect(error).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('when a path parameter breaks the route schema, then it answers 400 validation_failed with a pointer', async () => {
    const error = await failureOf(useScenario('connected').deleteConnection('bad id!'));

    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(error.problem?.errors?.[0]?.pointer).toBe('/params/connectionId');
  });

  it('when deleting a connection that is not mine, then it answers 404 and mine stays', async () => {
    const client = useScenario('connected');

    const error = await failureOf(client.deleteConnection('conn_someone_else'));

    expect(error.code).toBe('not_found');
    expect((await client.getMyConnections()).zoom).not.toBeNull();
  });

  it('when the health routes are called, then they answer ok', async () => {
    const client = useScenario('serverError');

    await expect(client.request('healthz', {})).resolves.toEqual({ status: 'ok' });
    await expect(client.request('readyz', {})).resolves.toEqual({ status: 'ok' });
  });
});
