import { describe, expect, it } from 'vitest';
import {
  baseUrl,
  contractCheckedClient,
  expectScenariosParse,
  failureOf,
  setupScenarioServer,
} from '../test/scenario-server';
import { createConnectionHandlers } from './connection-scenarios';
import { fixtures } from './fixtures';
import {
  createOutlookConnectionHandlers,
  type OutlookConnectionScenarioName,
  outlookConnectionScenarioNames,
  outlookConnectionScenarios,
} from './outlook-connection-scenarios';

const server = setupScenarioServer();

// Every answer checked against the contract: the scenarios must not drift from it.
function useScenario(name: OutlookConnectionScenarioName) {
  server.use(...outlookConnectionScenarios[name]({ baseUrl }));
  return contractCheckedClient();
}

describe('outlook connection scenarios', () => {
  it('when notConnected, then me has an empty Outlook field, and connecting links a Microsoft account only', async () => {
    const client = useScenario('notConnected');

    expect(await client.getMyConnections()).toEqual({ zoom: null, google: null, outlook: null });
    const start = await client.startAuthorization('outlook');
    const attempt = await client.getOAuthAttempt(start.attemptId);

    expect(attempt).toMatchObject({ status: 'succeeded', provider: 'outlook' });
    expect(attempt.connection).toMatchObject({
      provider: 'outlook',
      status: 'active',
      accountType: null,
      email: fixtures.outlookConnection.email,
    });
    expect(await client.getMyConnections()).toEqual({
      zoom: null,
      google: null,
      outlook: attempt.connection,
    });
  });

  it('when connected, then me shows the Microsoft e-mail, and after disconnecting the link is gone', async () => {
    const client = useScenario('connected');

    const { outlook } = await client.getMyConnections();
    expect(outlook).toMatchObject({ provider: 'outlook', status: 'active', accountType: null });

    await client.deleteConnection(outlook?.id ?? '');
    expect((await client.getMyConnections()).outlook).toBeNull();
  });

  it('when needsReauth or revokedAtMicrosoft, then me says so and connecting again makes it active', async () => {
    for (const [name, status] of [
      ['needsReauth', 'needs_reauth'],
      ['revokedAtMicrosoft', 'revoked'],
    ] as const) {
      server.resetHandlers();
      const client = useScenario(name);
      expect((await client.getMyConnections()).outlook?.status, name).toBe(status);
      const start = await client.startAuthorization('outlook');
      await client.getOAuthAttempt(start.attemptId);
      expect((await client.getMyConnections()).outlook?.status, name).toBe('active');
    }
  });

  it('when adminConsentRequired, then the first attempt fails with admin_consent_required and the next one links the account', async () => {
    const client = useScenario('adminConsentRequired');

    const first = await client.startAuthorization('outlook');
    const refused = await client.getOAuthAttempt(first.attemptId);
    expect(refused).toMatchObject({
      status: 'failed',
      errorCode: 'admin_consent_required',
      connection: null,
    });
    expect((await client.getMyConnections()).outlook).toBeNull();

    const second = await client.startAuthorization('outlook');
    const approved = await client.getOAuthAttempt(second.attemptId);
    expect(approved).toMatchObject({ status: 'succeeded', provider: 'outlook' });
    expect((await client.getMyConnections()).outlook).toMatchObject({ status: 'active' });
  });

  it('when adminConsentNeverGiven, then every attempt fails with admin_consent_required', async () => {
    const client = useScenario('adminConsentNeverGiven');

    for (const _ of [1, 2]) {
      const start = await client.startAuthorization('outlook');
      expect(await client.getOAuthAttempt(start.attemptId)).toMatchObject({
        status: 'failed',
        errorCode: 'admin_consent_required',
      });
    }
  });

  it('when connectDenied or consentPending, then the attempt is declined or stays pending', async () => {
    const denied = useScenario('connectDenied');
    const start = await denied.startAuthorization('outlook');
    expect((await denied.getOAuthAttempt(start.attemptId)).errorCode).toBe('oauth_access_denied');
    server.resetHandlers();

    const pending = useScenario('consentPending');
    const open = await pending.startAuthorization('outlook');
    expect((await pending.getOAuthAttempt(open.attemptId)).status).toBe('pending');
    expect((await pending.getOAuthAttempt(open.attemptId)).status).toBe('pending');
  });

  it('when moved or moved in, then the party is as the fixtures say', async () => {
    const sameTenant = (await useScenario('movedSameTenant').getMyConnections()).outlook;
    server.resetHandlers();
    const otherTenant = (await useScenario('movedOtherTenant').getMyConnections()).outlook;
    server.resetHandlers();
    const movedIn = (await useScenario('connectedMovedIn').getMyConnections()).outlook;

    expect(sameTenant).toMatchObject({
      status: 'moved',
      movedTo: { scope: 'same_tenant', userName: '佐藤 花子' },
    });
    expect(otherTenant).toMatchObject({ status: 'moved', movedTo: { scope: 'other_tenant' } });
    expect(movedIn).toMatchObject({ status: 'active', movedFrom: { scope: 'same_tenant' } });
  });

  it('when serverError, then me fails with a 500 problem', async () => {
    expect(await failureOf(useScenario('serverError').getMyConnections())).toMatchObject({
      status: 500,
      code: 'internal_error',
    });
  });

  it('when disconnectFails, then DELETE fails with 503 calendar_unavailable naming outlook and the link stays', async () => {
    const client = useScenario('disconnectFails');
    const { outlook } = await client.getMyConnections();

    const error = await failureOf(client.deleteConnection(outlook?.id ?? ''));

    expect(error).toMatchObject({ status: 503, code: 'calendar_unavailable' });
    expect(error.problem?.provider).toBe('outlook');
    expect((await client.getMyConnections()).outlook).toEqual(outlook);
  });

  it('when every scenario is read, then its me answer and its connect flow parse with the contract', async () => {
    await expectScenariosParse(server, 'outlook', outlookConnectionScenarioNames, (scenario) =>
      createOutlookConnectionHandlers({ baseUrl, scenario }),
    );
    expect(outlookConnectionScenarioNames).toHaveLength(14);
  });
});

describe('connection handlers with and without Outlook', () => {
  it('when no Outlook scenario is chosen, then me has no outlook field and its authorize route answers 404', async () => {
    server.use(...createConnectionHandlers({ baseUrl, google: 'connected' }));
    const client = contractCheckedClient();

    expect(await client.getMyConnections()).not.toHaveProperty('outlook');
    expect(await failureOf(client.startAuthorization('outlook'))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('when Google and Outlook are in different states, then each link changes on its own', async () => {
    server.use(
      ...createConnectionHandlers({ baseUrl, google: 'connected', outlook: 'notConnected' }),
    );
    const client = contractCheckedClient();

    const start = await client.startAuthorization('outlook');
    await client.getOAuthAttempt(start.attemptId);
    const after = await client.getMyConnections();

    expect(after.google).toEqual(fixtures.googleConnection);
    expect(after.outlook).toMatchObject({ provider: 'outlook', status: 'active' });
  });
});
