import { createAtsZoomClient } from '@ats-zoom/client';
import { routes } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  expectScenariosParse,
  failureOf,
  setupScenarioServer,
} from '../test/scenario-server';
import { createConnectionHandlers } from './connection-scenarios';
import { fixtures } from './fixtures';
import {
  createGoogleConnectionHandlers,
  type GoogleConnectionScenarioName,
  googleConnectionScenarioNames,
  googleConnectionScenarios,
} from './google-connection-scenarios';

const server = setupScenarioServer();

// The client parses every answer with the route's schema, so a passing call is a contract check.
function useScenario(name: GoogleConnectionScenarioName) {
  server.use(...googleConnectionScenarios[name]({ baseUrl }));
  // Every answer checked against the contract: the scenarios must not drift from it.
  return createAtsZoomClient({ baseUrl, getToken: () => 'test-token', validateResponses: routes });
}

describe('google connection scenarios', () => {
  it('when notConnected, then me has neither link, and connecting Google links a Google account only', async () => {
    const client = useScenario('notConnected');

    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null });
    const start = await client.startAuthorization('google');
    const attempt = await client.getOAuthAttempt(start.attemptId);

    expect(attempt).toMatchObject({ status: 'succeeded', provider: 'google' });
    expect(attempt.connection).toMatchObject({
      provider: 'google',
      status: 'active',
      accountType: null,
      email: fixtures.googleConnection.email,
    });
    expect(await client.getMyConnections()).toEqual({ zoom: null, google: attempt.connection });
  });

  it('when connected, then me shows the Google e-mail, and after disconnecting the link is gone', async () => {
    const client = useScenario('connected');

    const { google } = await client.getMyConnections();
    expect(google).toMatchObject({ provider: 'google', status: 'active', accountType: null });

    await client.deleteConnection(google?.id ?? '');
    expect((await client.getMyConnections()).google).toBeNull();
  });

  it('when needsReauth, then me says so and connecting again makes it active', async () => {
    const client = useScenario('needsReauth');

    expect((await client.getMyConnections()).google?.status).toBe('needs_reauth');
    const start = await client.startAuthorization('google');
    await client.getOAuthAttempt(start.attemptId);

    expect((await client.getMyConnections()).google?.status).toBe('active');
  });

  it('when movedSameTenant, then 佐藤 花子 holds it now, and reconnecting takes it back from her', async () => {
    const client = useScenario('movedSameTenant');

    expect((await client.getMyConnections()).google).toMatchObject({
      status: 'moved',
      movedTo: { scope: 'same_tenant', userName: '佐藤 花子' },
    });
    const start = await client.startAuthorization('google');
    const attempt = await client.getOAuthAttempt(start.attemptId);

    expect(attempt.connection).toMatchObject({
      status: 'active',
      movedFrom: { scope: 'same_tenant', userName: '佐藤 花子' },
      movedTo: null,
    });
  });

  it('when movedOtherTenant or connectedMovedIn, then the party is as the fixtures say', async () => {
    const moved = (await useScenario('movedOtherTenant').getMyConnections()).google;
    server.resetHandlers();
    const movedIn = (await useScenario('connectedMovedIn').getMyConnections()).google;

    expect(moved).toMatchObject({ status: 'moved', movedTo: { scope: 'other_tenant' } });
    expect(movedIn).toMatchObject({ status: 'active', movedFrom: { scope: 'same_tenant' } });
  });

  it('when consentPending, then the attempt stays pending on every poll', async () => {
    const client = useScenario('consentPending');

    const start = await client.startAuthorization('google');
    const polls = [
      await client.getOAuthAttempt(start.attemptId),
      await client.getOAuthAttempt(start.attemptId),
    ];

    expect(polls.map((poll) => poll.status)).toEqual(['pending', 'pending']);
    expect((await client.getMyConnections()).google).toBeNull();
  });

  it('when connectDenied, then the attempt fails with oauth_access_denied', async () => {
    const client = useScenario('connectDenied');

    const start = await client.startAuthorization('google');

    expect(await client.getOAuthAttempt(start.attemptId)).toMatchObject({
      status: 'failed',
      errorCode: 'oauth_access_denied',
      connection: null,
    });
  });

  it('when serverError, then me fails with a 500 problem', async () => {
    const error = await failureOf(useScenario('serverError').getMyConnections());

    expect(error).toMatchObject({ status: 500, code: 'internal_error' });
  });

  it('when disconnectFails, then DELETE fails with 503 calendar_unavailable and the link stays', async () => {
    const client = useScenario('disconnectFails');
    const { google } = await client.getMyConnections();

    const error = await failureOf(client.deleteConnection(google?.id ?? ''));

    expect(error).toMatchObject({ status: 503, code: 'calendar_unavailable' });
    expect((await client.getMyConnections()).google).toEqual(google);
  });

  it('when every scenario is read, then its me answer and its connect flow parse with the contract', async () => {
    await expectScenariosParse(server, 'google', googleConnectionScenarioNames, (scenario) =>
      createGoogleConnectionHandlers({ baseUrl, scenario }),
    );
    expect(googleConnectionScenarioNames).toHaveLength(11);
  });
});

describe('combined connection handlers', () => {
  it('when Zoom and Google are in different states, then me answers both and each link changes on its own', async () => {
    server.use(...createConnectionHandlers({ baseUrl, zoom: 'connected', google: 'notConnected' }));
    const client = createAtsZoomClient({ baseUrl, getToken: () => 't' });

    const before = await client.getMyConnections();
    const start = await client.startAuthorization('google');
    await client.getOAuthAttempt(start.attemptId);
    await client.deleteConnection(before.zoom?.id ?? '');
    const after = await client.getMyConnections();

    expect(before).toEqual({ zoom: fixtures.personalConnection, google: null });
    expect(after.zoom).toBeNull();
    expect(after.google).toMatchObject({ provider: 'google', status: 'active' });
  });

  it('when Zoom stays on its pre-approval page, then only that provider’s attempts stay pending', async () => {
    server.use(...createConnectionHandlers({ baseUrl, zoom: 'preApprovalPage' }));
    const client = createAtsZoomClient({ baseUrl, getToken: () => 't' });

    const zoom = await client.startAuthorization('zoom');
    const google = await client.startAuthorization('google');

    expect((await client.getOAuthAttempt(zoom.attemptId)).status).toBe('pending');
    expect((await client.getOAuthAttempt(google.attemptId)).status).toBe('succeeded');
  });

  it('when either side says serverError, then me as a whole fails', async () => {
    server.use(...createConnectionHandlers({ baseUrl, zoom: 'connected', google: 'serverError' }));
    const client = createAtsZoomClient({ baseUrl, getToken: () => 't' });

    expect((await failureOf(client.getMyConnections())).code).toBe('internal_error');
  });
});
