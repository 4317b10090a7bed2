import { isApiError } from '@ats-zoom/client';
import type { Connection, MyConnections, OAuthAttempt, Provider } from '@ats-zoom/contract';
import { isOAuthResultMessage } from '@ats-zoom/contract/core';
import { type QueryClient, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { UiErrorCode } from '../intl/messages';
import { type AtsZoomClient, useAtsZoomContext } from '../provider/ats-zoom-context';
import { connectionQueries } from './connection-queries';

/**
 * Every state a provider link can be in, derived from the server data and the running connect
 * flow. Two are Zoom's alone (a managed account whose admin has not pre-approved the app stays
 * on Zoom's pre-approval page, which never redirects back): `unfinished`, the popup closed
 * without a result, so the user is asked whether they requested pre-approval there; and
 * `awaiting_approval`, they said so (kept by the BFF until they connect or withdraw it).
 */
export type ProviderConnectionState =
  | 'loading'
  | 'not_connected'
  | 'connecting'
  | 'unfinished'
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
   * How long a connect flow may stay open before it stops polling (Zoom: asks the user whether
   * they requested pre-approval; Google: closes the popup and says the attempt expired).
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
  /** Abandons a running connect flow and closes its popup; in Zoom's `unfinished`, "I did not request it". */
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
  outlook: 'atz-oauth-outlook',
} as const satisfies Record<Provider, string>;

/** The Zoom popup's window name (kept for hosts that look for it). */
export const OAUTH_POPUP_NAME = 'atz-oauth-zoom' satisfies typeof OAUTH_POPUP_NAMES.zoom;
export const OAUTH_POPUP_FEATURES = 'popup,width=600,height=720';

/**
 * The connect flow. With `state`, the flow decides the hook's state (`error` is then the cause
 * of `'error'`); without, the server data does and `error` is a connect failure shown beside it.
 */
type Flow =
  | { state?: 'unfinished' | 'error'; error?: ProviderConnectionError; popup?: undefined }
  | { state: 'connecting'; popup: Window; attemptId?: string; error?: undefined };

function toConnectionError(
  cause: unknown,
  during: ProviderConnectionError['during'],
): ProviderConnectionError {
  const code = isApiError(cause)
    ? cause.code
    : // fetch rejects with a TypeError when the network or CORS fails.
      cause instanceof TypeError
      ? 'network_error'
      : 'generic';
  return { code, during, cause };
}

const connectFailed = (cause: unknown): Flow => ({
  state: 'error',
  error: toConnectionError(cause, 'connect'),
});

const close = (popup: Window) => popup.closed || popup.close();

/**
 * Puts a provider's connection into the cached `me` data (`undefined`: leaves it), refetches it,
 * and resolves with the provider's fresh connection.
 */
async function updateMe(
  queryClient: QueryClient,
  client: AtsZoomClient,
  provider: Provider,
  connection?: Connection | null,
) {
  const { queryKey } = connectionQueries.me(client);
  if (connection !== undefined) {
    queryClient.setQueryData<MyConnections>(
      queryKey,
      (old) => old && { ...old, [provider]: connection },
    );
  }
  await queryClient.invalidateQueries({ queryKey });
  return queryClient.getQueryData<MyConnections>(queryKey)?.[provider];
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
  const { client, queryClient, bffOrigin, refreshIntervalMs } = useAtsZoomContext();
  const [flow, setFlow] = useState<Flow>({});
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

  const disconnectMutation = useMutation(
    {
      mutationFn: (connectionId: string) => client.deleteConnection(connectionId),
      onSuccess: async () => {
        await updateMe(queryClient, client, provider, null);
        callbacksRef.current.onDisconnected?.();
      },
    },
    queryClient,
  );
  const { reset } = disconnectMutation;
  // Kept current (see `refreshIntervalMs`): a link moved to another ATS user or removed at the
  // provider shows without a reload; not while a disconnect writes it.
  const query = useQuery(
    {
      ...connectionQueries.me(client),
      refetchInterval: !disconnectMutation.isPending && refreshIntervalMs,
    },
    queryClient,
  );

  const connect = () => {
    // Opened synchronously inside the user's click: popup blockers allow only that.
    const popup = window.open('', OAUTH_POPUP_NAMES[provider], OAUTH_POPUP_FEATURES);
    reset();
    const run = ++runRef.current;
    if (!popup) {
      setFlow({ state: 'error', error: { code: 'popup_blocked', during: 'connect' } });
      return;
    }
    setFlow({ state: 'connecting', popup });
    client.startAuthorization(provider).then(
      (start) => {
        if (run !== runRef.current) return;
        popup.location.href = start.authorizationUrl;
        setFlow({ state: 'connecting', popup, attemptId: start.attemptId });
      },
      (cause: unknown) => {
        if (run !== runRef.current) return;
        popup.close();
        setFlow(connectFailed(cause));
      },
    );
  };

  const cancel = () => {
    runRef.current += 1;
    setFlow((current) => {
      if (current.popup) close(current.popup);
      return {};
    });
  };

  // While a popup is open: listen for its result message, poll the attempt, and notice it closing.
  useEffect(() => {
    if (flow.state !== 'connecting') return;
    const { popup, attemptId } = flow;
    const run = runRef.current;
    const startedAt = Date.now();
    let settled = false;
    let closedSeen = false;
    let checking = Promise.resolve();
    const finish = (next: Flow) => {
      if (settled || run !== runRef.current) return;
      settled = true;
      setFlow(next);
    };
    const fail = (code: UiErrorCode) => {
      finish({ error: { code, during: 'connect' } });
      close(popup);
    };

    /** `final`: the last look, because the popup closed or the flow ran out of time. */
    const check = (final?: 'closed' | 'timeout' | false) => {
      // A final check must see a fresh answer, so it waits for any check already running first.
      checking = checking.then(async () => {
        if (settled || attemptId === undefined) return;
        let attempt: OAuthAttempt;
        try {
          attempt = await queryClient.fetchQuery(connectionQueries.attempt(client, attemptId));
        } catch (cause) {
          if (final) finish(connectFailed(cause));
          return;
        }
        if (settled || run !== runRef.current) return;
        const { status, connection } = attempt;
        if (status === 'succeeded') {
          finish({});
          close(popup);
          const current =
            (await updateMe(queryClient, client, provider, connection || undefined)) ?? connection;
          if (current) callbacksRef.current.onConnected?.(current);
        } else if (status !== 'pending') {
          fail(
            attempt.errorCode ||
              (status === 'expired' ? 'oauth_state_invalid' : 'oauth_exchange_failed'),
          );
        } else if (final && provider === 'zoom') {
          // Still pending with the popup gone (or left open too long): either the user closed
          // Zoom's window without finishing, or Zoom showed its pre-approval page (a managed
          // account whose admin has not pre-approved the app), which never redirects back. The
          // page is not ours to read, so the user is asked. Google always redirects back (even
          // on denial), so there the user closed the window.
          finish({ state: 'unfinished' });
        } else if (final === 'closed') {
          finish({});
        } else if (final) {
          fail('oauth_state_invalid');
        }
      });
    };

    const onMessage = ({ origin, source, data }: MessageEvent) => {
      if (
        origin === bffOrigin &&
        source === popup &&
        isOAuthResultMessage(data) &&
        data.provider === provider &&
        data.attemptId === attemptId
      ) {
        check();
      }
    };
    const onPopupMaybeClosed = () => {
      if (closedSeen || !popup.closed) return;
      closedSeen = true;
      if (attemptId !== undefined) check('closed');
      else {
        // Closed before the BFF answered: nothing was started at the provider.
        finish({});
        runRef.current += 1;
      }
    };
    const watch = setInterval(onPopupMaybeClosed, popupCheckIntervalMs);
    let poll: ReturnType<typeof setInterval> | undefined;
    if (attemptId !== undefined) {
      window.addEventListener('message', onMessage);
      // The opener regains focus when the popup closes: react at once instead of at the next tick.
      window.addEventListener('focus', onPopupMaybeClosed);
      poll = setInterval(
        () => check(Date.now() - startedAt >= maxWaitMs && 'timeout'),
        pollIntervalMs,
      );
    }
    return () => {
      settled = true;
      window.removeEventListener('message', onMessage);
      window.removeEventListener('focus', onPopupMaybeClosed);
      clearInterval(watch);
      clearInterval(poll);
    };
  }, [
    flow,
    provider,
    client,
    queryClient,
    bffOrigin,
    pollIntervalMs,
    maxWaitMs,
    popupCheckIntervalMs,
  ]);

  const link = query.data?.[provider] ?? null;
  // 「…から移されました」 is one-time: acknowledged once shown (later reads leave it out), and
  // kept for this mount so it does not vanish at the next refresh.
  const [seen, setSeen] = useState<Connection>();
  useEffect(() => {
    if (!link?.movedFrom) return;
    setSeen(link);
    // Not acknowledged (network): it shows once more next time, never lost.
    client.acknowledgeConnectionNotice(link.id).catch(() => {});
  }, [client, link]);
  const connection = link && seen?.id === link.id ? { ...link, movedFrom: seen.movedFrom } : link;
  const disconnect = async () => {
    if (!connection) return;
    setFlow({});
    try {
      await disconnectMutation.mutateAsync(connection.id);
    } catch {
      // Surfaced through `error`.
    }
  };

  // Zoom's: records or withdraws the wait, then reads the user's links again.
  const setApprovalWait = (waiting: boolean) => async () => {
    try {
      await client.setApprovalWait({ waiting });
      await updateMe(queryClient, client, provider);
      setFlow({});
    } catch (cause) {
      setFlow((current) => ({ ...current, error: toConnectionError(cause, 'connect') }) as Flow);
    }
  };

  const retry = () => {
    if (flow.state === 'error' && flow.error?.during === 'connect') return connect();
    setFlow({});
    reset();
    void query.refetch();
  };

  const status = connection?.status;
  // Zoom's wait for the admin (`zoomApprovalWait`; Google has none). The BFF reports it only
  // without an active link.
  const approvalWait = query.data?.[`${provider}ApprovalWait` as 'zoomApprovalWait'];
  const [state, error]: [ProviderConnectionState, ProviderConnectionError | null] = flow.state
    ? [flow.state, flow.error ?? null]
    : query.isPending
      ? ['loading', null]
      : query.isError && !query.data
        ? ['error', toConnectionError(query.error, 'load')]
        : [
            // A link revoked at the provider (the app removed there) is one to re-link.
            status === 'active'
              ? 'connected'
              : approvalWait
                ? 'awaiting_approval'
                : status === 'revoked'
                  ? 'needs_reauth'
                  : (status ?? 'not_connected'),
            flow.error ??
              (disconnectMutation.isError
                ? toConnectionError(disconnectMutation.error, 'disconnect')
                : null),
          ];

  // Zoom's extras ride along (`UseZoomConnectionResult`); Google never has a wait.
  const result = {
    state,
    connection,
    error,
    approvalWait,
    isDisconnecting: disconnectMutation.isPending,
    connect,
    cancel,
    // Zoom's: `useZoomConnection` documents them.
    requestedApproval: setApprovalWait(true),
    withdrawApproval: setApprovalWait(false),
    disconnect,
    retry,
  };
  return result;
}
