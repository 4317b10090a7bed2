import { isApiError } from '@ats-zoom/client';
import type { Connection, MyConnections, OAuthAttempt, Provider } from '@ats-zoom/contract';
import { isOAuthResultMessage } from '@ats-zoom/contract/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { UiErrorCode } from '../intl/messages';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { connectionKeys, connectionQueries } from './connection-queries';

/**
 * Every state a provider link can be in, derived from the server data and the running connect
 * flow. `awaiting_approval` is Zoom's alone (a managed account whose admin has not pre-approved
 * the app); Google has no such step.
 */
export type ProviderConnectionState =
  | 'loading'
  | 'not_connected'
  | 'connecting'
  | 'awaiting_approval'
  | 'connected'
  | 'needs_reauth'
  | 'moved'
  | 'error';

/** What failed, as a code the messages explain, and during which step. */
export interface ProviderConnectionError {
  code: UiErrorCode;
  during: 'load' | 'connect' | 'disconnect';
  cause?: unknown;
}

export interface UseProviderConnectionOptions {
  /** Called once a connect flow has produced an active connection. */
  onConnected?: (connection: Connection) => void;
  /** Called once the connection has been revoked and deleted. */
  onDisconnected?: () => void;
  /**
   * How often the attempt is polled while the popup is open, for when the popup lost its opener.
   * @default 2000
   */
  pollIntervalMs?: number;
  /**
   * How long a connect flow may stay open before it stops polling (Zoom: asks the user to
   * authorize again; Google: closes the popup and says the attempt expired).
   * @default 300000
   */
  maxWaitMs?: number;
  /**
   * How often the popup is checked for having been closed.
   * @default 500
   */
  popupCheckIntervalMs?: number;
}

export interface UseProviderConnectionResult<
  State extends ProviderConnectionState = ProviderConnectionState,
> {
  state: State;
  /** The connection as the BFF reports it, or null when there is none. */
  connection: Connection | null;
  /** The latest failure to show, or null. */
  error: ProviderConnectionError | null;
  /** True while a disconnect request is in flight. */
  isDisconnecting: boolean;
  /** Starts the popup OAuth flow. Call it directly from a click handler so the popup is not blocked. */
  connect: () => void;
  /** Abandons a running connect flow and closes its popup. */
  cancel: () => void;
  /** Revokes the grant at the provider and deletes the tokens. Resolves once done; failures land in `error`. */
  disconnect: () => Promise<void>;
  /** After an error: repeats what failed (connecting again from a click handler, or reloading). */
  retry: () => void;
}

/** The popup window's name per provider: a second click reuses that provider's popup, never the other's. */
export const OAUTH_POPUP_NAMES = {
  zoom: 'atz-oauth-zoom',
  google: 'atz-oauth-google',
} as const satisfies Record<Provider, string>;

/** The Zoom popup's window name (kept for hosts that look for it). */
export const OAUTH_POPUP_NAME = OAUTH_POPUP_NAMES.zoom;
export const OAUTH_POPUP_FEATURES = 'popup,width=600,height=720';

/**
 * What a popup that closed while the attempt is still pending means. Zoom: a managed account
 * member sent to "request pre-approval", where Zoom never redirects back. Google always redirects
 * back (even on denial), so the user simply closed the consent window.
 */
const closedWhilePending = {
  zoom: 'awaiting_approval',
  google: 'abandoned',
} as const satisfies Record<Provider, 'awaiting_approval' | 'abandoned'>;

type ConnectFlow =
  | { phase: 'idle'; failure: ProviderConnectionError | null }
  | { phase: 'connecting'; popup: Window; attemptId: string | null }
  | { phase: 'awaiting_approval' }
  | { phase: 'failed'; error: ProviderConnectionError };

const idle: ConnectFlow = { phase: 'idle', failure: null };

function toConnectionError(cause: unknown, during: ProviderConnectionError['during']) {
  let code: UiErrorCode = 'generic';
  if (isApiError(cause)) code = cause.code;
  // fetch rejects with a TypeError when the network or CORS fails.
  else if (cause instanceof TypeError) code = 'network_error';
  return { code, during, cause } satisfies ProviderConnectionError;
}

function attemptFailureCode(attempt: OAuthAttempt): UiErrorCode {
  if (attempt.errorCode) return attempt.errorCode;
  return attempt.status === 'expired' ? 'oauth_state_invalid' : 'oauth_exchange_failed';
}

function stateOfConnection(connection: Connection | null): ProviderConnectionState {
  if (!connection) return 'not_connected';
  switch (connection.status) {
    case 'revoked':
      return 'not_connected';
    case 'active':
      return 'connected';
    case 'needs_reauth':
      return 'needs_reauth';
    case 'moved':
      return 'moved';
    default:
      return connection.status satisfies never;
  }
}

/**
 * Headless provider link: the signed-in user's Zoom or Google connection and the popup OAuth
 * flow (popup opened inside the click, result `postMessage` trusted only from the BFF's exact
 * origin and the popup itself for this provider, attempt polling as a fallback, disconnect).
 * `useZoomConnection` and `useGoogleCalendarConnection` wrap it.
 */
export function useProviderConnection(
  provider: Provider,
  options: UseProviderConnectionOptions = {},
): UseProviderConnectionResult {
  const { pollIntervalMs = 2000, maxWaitMs = 300_000, popupCheckIntervalMs = 500 } = options;
  const { client, queryClient, bffOrigin } = useAtsZoomContext();
  const query = useQuery(connectionQueries.me(client), queryClient);
  const [flow, setFlow] = useState<ConnectFlow>(idle);
  // Bumped by every new flow, cancel and unmount, so late answers of an abandoned flow are dropped.
  const runRef = useRef(0);
  const callbacksRef = useRef(options);
  useEffect(() => {
    callbacksRef.current = options;
  });
  useEffect(
    () => () => {
      runRef.current += 1;
    },
    [],
  );

  const meKey = useMemo(() => connectionKeys.me(client.baseUrl), [client.baseUrl]);
  const setCachedConnection = useCallback(
    (connection: Connection | null) => {
      queryClient.setQueryData<MyConnections>(meKey, (old) =>
        old ? { ...old, [provider]: connection } : old,
      );
    },
    [queryClient, meKey, provider],
  );
  const disconnectMutation = useMutation(
    {
      mutationFn: (connectionId: string) => client.deleteConnection(connectionId),
      onSuccess: async () => {
        setCachedConnection(null);
        await queryClient.invalidateQueries({ queryKey: meKey });
        callbacksRef.current.onDisconnected?.();
      },
    },
    queryClient,
  );

  const connect = useCallback(() => {
    // Opened synchronously inside the user's click: popup blockers allow only that.
    const popup = window.open('', OAUTH_POPUP_NAMES[provider], OAUTH_POPUP_FEATURES);
    disconnectMutation.reset();
    if (!popup) {
      runRef.current += 1;
      setFlow({ phase: 'failed', error: { code: 'popup_blocked', during: 'connect' } });
      return;
    }
    runRef.current += 1;
    const run = runRef.current;
    setFlow({ phase: 'connecting', popup, attemptId: null });
    client.startAuthorization(provider).then(
      (start) => {
        if (run !== runRef.current) return;
        popup.location.href = start.authorizationUrl;
        setFlow({ phase: 'connecting', popup, attemptId: start.attemptId });
      },
      (cause: unknown) => {
        if (run !== runRef.current) return;
        popup.close();
        setFlow({ phase: 'failed', error: toConnectionError(cause, 'connect') });
      },
    );
  }, [client, provider, disconnectMutation.reset]);

  const cancel = useCallback(() => {
    runRef.current += 1;
    setFlow((current) => {
      if (current.phase === 'connecting' && !current.popup.closed) current.popup.close();
      return idle;
    });
  }, []);

  // While a popup is open: listen for its result message, poll the attempt, and notice it closing.
  useEffect(() => {
    if (flow.phase !== 'connecting') return;
    const { popup, attemptId } = flow;
    const run = runRef.current;
    let settled = false;
    const timers: ReturnType<typeof setInterval>[] = [];
    const finish = (next: ConnectFlow) => {
      if (settled || run !== runRef.current) return;
      settled = true;
      setFlow(next);
    };

    if (attemptId === null) {
      // Closed before the BFF answered: nothing was started at the provider.
      const watch = setInterval(() => {
        if (popup.closed) {
          finish(idle);
          runRef.current += 1;
        }
      }, popupCheckIntervalMs);
      return () => clearInterval(watch);
    }

    const startedAt = Date.now();
    let checking: Promise<void> | null = null;
    /** `final`: the last look, because the popup closed or the flow ran out of time. */
    const check = (final: 'closed' | 'timeout' | null): Promise<void> => {
      // A final check must see a fresh answer, so it waits for any check already running first.
      const previous = checking ?? Promise.resolve();
      const next = previous.then(async () => {
        if (settled) return;
        let attempt: OAuthAttempt;
        try {
          attempt = await queryClient.fetchQuery(connectionQueries.attempt(client, attemptId));
        } catch (cause) {
          if (final) finish({ phase: 'failed', error: toConnectionError(cause, 'connect') });
          return;
        }
        if (settled || run !== runRef.current) return;
        if (attempt.status === 'succeeded') {
          const connection = attempt.connection;
          if (connection) setCachedConnection(connection);
          finish(idle);
          if (!popup.closed) popup.close();
          await queryClient.invalidateQueries({ queryKey: meKey });
          const current = queryClient.getQueryData<MyConnections>(meKey)?.[provider] ?? connection;
          if (current) callbacksRef.current.onConnected?.(current);
        } else if (attempt.status === 'failed' || attempt.status === 'expired') {
          finish({
            phase: 'idle',
            failure: { code: attemptFailureCode(attempt), during: 'connect' },
          });
          if (!popup.closed) popup.close();
        } else if (final && closedWhilePending[provider] === 'awaiting_approval') {
          // Still pending with the popup gone (or left open too long): typically a managed Zoom
          // account whose admin has not pre-approved the app, where Zoom never redirects back.
          finish({ phase: 'awaiting_approval' });
        } else if (final === 'closed') {
          finish(idle);
        } else if (final === 'timeout') {
          finish({ phase: 'idle', failure: { code: 'oauth_state_invalid', during: 'connect' } });
          if (!popup.closed) popup.close();
        }
      });
      checking = next;
      return next;
    };

    const onMessage = (event: MessageEvent) => {
      if (event.origin !== bffOrigin || event.source !== popup) return;
      const message: unknown = event.data;
      if (!isOAuthResultMessage(message)) return;
      if (message.provider !== provider || message.attemptId !== attemptId) return;
      void check(null);
    };
    let closedSeen = false;
    const onPopupMaybeClosed = () => {
      if (closedSeen || !popup.closed) return;
      closedSeen = true;
      void check('closed');
    };
    window.addEventListener('message', onMessage);
    // The opener regains focus when the popup closes: react at once instead of at the next tick.
    window.addEventListener('focus', onPopupMaybeClosed);
    timers.push(setInterval(onPopupMaybeClosed, popupCheckIntervalMs));
    timers.push(
      setInterval(() => {
        void check(Date.now() - startedAt >= maxWaitMs ? 'timeout' : null);
      }, pollIntervalMs),
    );
    return () => {
      settled = true;
      window.removeEventListener('message', onMessage);
      window.removeEventListener('focus', onPopupMaybeClosed);
      for (const timer of timers) clearInterval(timer);
    };
  }, [
    flow,
    provider,
    client,
    queryClient,
    bffOrigin,
    meKey,
    setCachedConnection,
    pollIntervalMs,
    maxWaitMs,
    popupCheckIntervalMs,
  ]);

  const connection = query.data?.[provider] ?? null;
  const disconnect = useCallback(async () => {
    if (!connection) return;
    setFlow(idle);
    try {
      await disconnectMutation.mutateAsync(connection.id);
    } catch {
      // Surfaced through `error`.
    }
  }, [connection, disconnectMutation.mutateAsync]);

  const retry = useCallback(() => {
    if (flow.phase === 'failed' && flow.error.during === 'connect') {
      connect();
      return;
    }
    setFlow(idle);
    disconnectMutation.reset();
    void query.refetch();
  }, [flow, connect, disconnectMutation.reset, query.refetch]);

  let state: ProviderConnectionState;
  let error: ProviderConnectionError | null = null;
  if (flow.phase === 'connecting') state = 'connecting';
  else if (flow.phase === 'awaiting_approval') state = 'awaiting_approval';
  else if (flow.phase === 'failed') {
    state = 'error';
    error = flow.error;
  } else if (query.isPending) state = 'loading';
  else if (query.isError && query.data === undefined) {
    state = 'error';
    error = toConnectionError(query.error, 'load');
  } else {
    state = stateOfConnection(connection);
    if (flow.failure) error = flow.failure;
    else if (disconnectMutation.isError) {
      error = toConnectionError(disconnectMutation.error, 'disconnect');
    }
  }

  return {
    state,
    connection,
    error,
    isDisconnecting: disconnectMutation.isPending,
    connect,
    cancel,
    disconnect,
    retry,
  };
}
