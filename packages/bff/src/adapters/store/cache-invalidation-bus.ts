import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type {
  CacheInvalidationBus,
  CacheInvalidationListener,
  CacheInvalidationMember,
} from '../../core/ports';

/** Never more ids in one NOTIFY payload (PostgreSQL caps a payload below 8000 bytes). */
const IDS_PER_NOTIFY = 100;

interface Logger {
  warn(msg: string): void;
}

/**
 * In one process (SQLite: one process owns the file): a publish reaches the other members of
 * this store at once.
 */
export function createLocalCacheInvalidationBus(): CacheInvalidationBus {
  const members = new Set<CacheInvalidationListener>();
  return {
    join(listener) {
      members.add(listener);
      return {
        async publish(connectionIds) {
          if (connectionIds.length === 0) return;
          for (const other of members) if (other !== listener) other.invalidate(connectionIds);
        },
        async close() {
          members.delete(listener);
        },
      };
    },
  };
}

/** The NOTIFY channel of one schema: several deployments (or test schemas) share a database. */
export function invalidationChannel(schema: string | undefined): string {
  const scope = createHash('sha256')
    .update(schema ?? '')
    .digest('hex')
    .slice(0, 16);
  return `ats_zoom_cache_${scope}`;
}

export interface PostgresCacheInvalidationOptions {
  /** Publishes with `pg_notify` on a pooled connection (any pooling mode carries NOTIFY). */
  pool: pg.Pool;
  /**
   * Where the LISTEN connection goes: a direct or session-pooled URL. PgBouncer in transaction
   * pooling hands a server connection to another client after each transaction, so a LISTEN
   * there stops hearing anything without an error.
   */
  listenUrl: string;
  schema: string | undefined;
  logger?: Logger | undefined;
  /** First reconnect delay, doubled per failure up to `maxBackoffMs`. @default 250 */
  minBackoffMs?: number;
  /** @default 30_000 */
  maxBackoffMs?: number;
  /** The LISTEN connection's `application_name` (seen in `pg_stat_activity`). */
  applicationName?: string;
}

/**
 * PostgreSQL LISTEN/NOTIFY. The LISTEN runs on one dedicated client (not from the pool: a
 * pooled connection goes back and stops listening), opened with the first member and closed
 * with the last. Lost, it reconnects with backoff; once back, every member drops every entry,
 * since notifications sent meanwhile were missed. A payload is `<sender>:<id>,<id>…`: an
 * instance ignores its own.
 */
export function createPostgresCacheInvalidationBus(
  options: PostgresCacheInvalidationOptions,
): CacheInvalidationBus & { close(): Promise<void> } {
  const channel = invalidationChannel(options.schema);
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const sender = randomUUID();
  const members = new Set<CacheInvalidationListener>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let backoff = minBackoff;
  let everConnected = false;
  let closed = false;

  const deliver = (payload: string | undefined) => {
    if (!payload) return;
    const colon = payload.indexOf(':');
    if (colon < 0 || payload.slice(0, colon) === sender) return;
    const ids = payload
      .slice(colon + 1)
      .split(',')
      .filter((id) => id.length > 0);
    for (const member of members) member.invalidate(ids);
  };

  const scheduleReconnect = () => {
    if (closed || members.size === 0 || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, backoff);
    retryTimer.unref();
    backoff = Math.min(maxBackoff, backoff * 2);
  };

  const lost = (listening: pg.Client, reason: string) => {
    if (client !== listening) return;
    client = undefined;
    listening.removeAllListeners('notification');
    listening.end().catch(() => undefined);
    if (!closed) options.logger?.warn(`cache invalidation LISTEN connection lost: ${reason}`);
    scheduleReconnect();
  };

  function connect(): Promise<void> {
    if (closed || client || members.size === 0) return Promise.resolve();
    connecting ??= (async () => {
      const listening = new pg.Client({
        connectionString: options.listenUrl,
        application_name: options.applicationName ?? 'ats-zoom-bff-listen',
        keepAlive: true,
      });
      // Errors after connecting (server gone, network cut) arrive here, not as a rejection.
      listening.on('error', (error) => lost(listening, error.message));
      listening.on('end', () => lost(listening, 'ended'));
      try {
        await listening.connect();
        await listening.query(`listen ${channel}`);
      } catch (error) {
        listening.removeAllListeners('end');
        await listening.end().catch(() => undefined);
        if (!closed) {
          options.logger?.warn(
            `cache invalidation LISTEN not established: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        scheduleReconnect();
        return;
      }
      if (closed || members.size === 0) {
        listening.removeAllListeners('end');
        await listening.end().catch(() => undefined);
        return;
      }
      listening.on('notification', (message) => {
        if (message.channel === channel) deliver(message.payload);
      });
      client = listening;
      backoff = minBackoff;
      // Back after a loss: whatever was sent meanwhile is unknown, so nothing cached is trusted.
      if (everConnected) for (const member of members) member.invalidateAll();
      everConnected = true;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  async function stopListening(): Promise<void> {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    await connecting;
    const listening = client;
    client = undefined;
    if (listening) {
      listening.removeAllListeners('end');
      await listening.end().catch(() => undefined);
    }
  }

  return {
    join(listener): CacheInvalidationMember {
      members.add(listener);
      void connect();
      return {
        async publish(connectionIds) {
          for (let i = 0; i < connectionIds.length; i += IDS_PER_NOTIFY) {
            const payload = `${sender}:${connectionIds.slice(i, i + IDS_PER_NOTIFY).join(',')}`;
            try {
              await options.pool.query('select pg_notify($1, $2)', [channel, payload]);
            } catch (error) {
              options.logger?.warn(
                `cache invalidation not published: ${error instanceof Error ? error.message : String(error)}`,
              );
            }
          }
        },
        async close() {
          members.delete(listener);
          if (members.size === 0) await stopListening();
        },
      };
    },
    async close() {
      closed = true;
      members.clear();
      await stopListening();
    },
  };
}
