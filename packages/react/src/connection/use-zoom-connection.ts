import { isApiError } from '@ats-zoom/client';
import {
  type Connection,
  type MyConnections,
  type OAuthAttempt,
  OAuthResultMessageSchema,
} from '@ats-zoom/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { UiErrorCode } from '../intl/messages';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { connectionKeys, connectionQueries } from './connection-queries';

/** Every state the Zoom link can be in, derived from the server data and the running connect flow. */
export type ZoomConnectionState =
  | 'loading'
  | 'not_connected'
  | 'connecting'
  | 'awaiting_approval'
  | 'connected'
  | 'needs_reauth'
  | 'moved'
  | 'error';

/** What failed, as a code the messages explain, and during which step. */
export interface ZoomConnectionError {
  code: UiErrorCode;
  during: 'load' | 'connect' | 'disconnect';
  cause?: unknown;
}

export interface UseZoomConnectionOptions {
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
   * How long a connect flow may stay open before it stops polling and asks the user to authorize again.
   * @default 300000
   */
  maxWaitMs?: number;
  /**
   * How often the popup is checked for having been closed.
   * @default 500
   */
  popupCheckIntervalMs?: number;
}

export interface UseZoomConnectionResult {
  state: ZoomConnectionState;
  /** The Zoom connection as the BFF reports it, or null when there is none. */
  connection: Connection | null;
  /** The latest failure to show, or null. */
  error: ZoomConnectionError | null;
  /** True while a disconnect request is in flight. */
  isDisconnecting: boolean;
  /** Starts the popup OAuth flow. Call it directly from a click handler so the popup is not blocked. */
  connect: () => void;
  /** Abandons a running connect flow and closes its popup. */
  cancel: () => void;
  /** Revokes the grant at Zoom and deletes the tokens. Resolves once done; failures land in `error`. */
  disconnect: () => Promise<void>;
  /** After an error: repeats what failed (connecting again from a click handler, or reloading). */
  retry: () => void;
}

export const OAUTH_POPUP_NAME = 'atz-oauth-zoom';
export const OAUTH_POPUP_FEATURES = 'popup,width=600,height=720';

type ConnectFlow =
  | { phase: 'idle'; failure: ZoomConnectionError | null }
  | { phase: 'connecting'; popup: Window; attemptId: string | null }
  | { phase: 'awaiting_approval' }
  | { phase: 'failed'; error: ZoomConnectionError };

const idle: ConnectFlow = { phase: 'idle', failure: null };

function toConnectionError(cause: unknown, during: ZoomConnectionError['during']) {
  let code: UiErrorCode = 'generic';
  if (isApiError(cause)) code = cause.code;
  // fetch rejects with a TypeError when the network or CORS fails.
  else if (cause instanceof TypeError) code = 'network_error';
  return { code, during, cause } satisfies ZoomConnectionError;
}

function attemptFailureCode(attempt: OAuthAttempt): UiErrorCode {
  if (attempt.errorCode) return attempt.errorCode;
  return attempt.status === 'expired' ? 'oauth_state_invalid' : 'oauth_exchange_failed';
}

function stateOfConnection(connection: Connection | null): ZoomConnectionState {
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
 * Headless Zoom link: the signed-in user's connection and the popup OAuth flow, for hosts that
 * bring their own UI. `ZoomLinkButton` is built on it.
 */
export function useZoomConnection(options: UseZoomConnectionOptions = {}): UseZoomConnectionResult {
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
  const disconnectMutation = useMutation(
    {
      mutationFn: (connectionId: string) => client.deleteConnection(connectionId),
      onSuccess: async () => {
        queryClient.setQueryData<MyConnections>(meKey, (old) =>
          old ? { ...old, zoom: null } : old,
        );
        await queryClient.invalidateQueries({ queryKey: meKey });
        callbacksRef.current.onDisconnected?.();
      },
    },
    queryClient,
  );

  const connect = useCallback(() => {
    // Opened synchronously inside the user's click: popup blockers allow only that.
    const popup = window.open('', OAUTH_POPUP_NAME, OAUTH_POPUP_FEATURES);
    disconnectMutation.reset();
    if (!popup) {
      runRef.current += 1;
      setFlow({ phase: 'failed', error: { code: 'popup_blocked', during: 'connect' } });
      return;
    }
    runRef.current += 1;
    const run = runRef.current;
    setFlow({ phase: 'connecting', popup, attemptId: null });
    client.startAuthorization('zoom').then(
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
  }, [client, disconnectMutation.reset]);

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
    const check = (final: boolean): Promise<void> => {
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
          if (connection) {
            queryClient.setQueryData<MyConnections>(meKey, (old) => ({ ...old, zoom: connection }));
          }
          finish(idle);
          if (!popup.closed) popup.close();
          await queryClient.invalidateQueries({ queryKey: meKey });
          const current = queryClient.getQueryData<MyConnections>(meKey)?.zoom ?? connection;
          if (current) callbacksRef.current.onConnected?.(current);
        } else if (attempt.status === 'failed' || attempt.status === 'expired') {
          finish({
            phase: 'idle',
            failure: { code: attemptFailureCode(attempt), during: 'connect' },
          });
          if (!popup.closed) popup.close();
        } else if (final) {
          // Still pending with the popup gone: typically a managed Zoom account whose admin has not
          // pre-approved the app, where Zoom never redirects back.
          finish({ phase: 'awaiting_approval' });
        }
      });
      checking = next;
      return next;
    };

    const onMessage = (event: MessageEvent) => {
      if (event.origin !== bffOrigin || event.source !== popup) return;
      const parsed = OAuthResultMessageSchema.safeParse(event.data);
      if (!parsed.success || parsed.data.attemptId !== attemptId) return;
      void check(false);
    };
    let closedSeen = false;
    const onPopupMaybeClosed = () => {
      if (closedSeen || !popup.closed) return;
      closedSeen = true;
      void check(true);
    };
    window.addEventListener('message', onMessage);
    // The opener regains focus when the popup closes: react at once instead of at the next tick.
    window.addEventListener('focus', onPopupMaybeClosed);
    timers.push(setInterval(onPopupMaybeClosed, popupCheckIntervalMs));
    timers.push(
      setInterval(() => {
        void check(Date.now() - startedAt >= maxWaitMs);
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
    client,
    queryClient,
    bffOrigin,
    meKey,
    pollIntervalMs,
    maxWaitMs,
    popupCheckIntervalMs,
  ]);

  const connection = query.data?.zoom ?? null;
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

  let state: ZoomConnectionState;
  let error: ZoomConnectionError | null = null;
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
