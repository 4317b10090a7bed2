import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

/** What a drain shuts down, in order: the BFF's readiness, the listener, the BFF's loop, the store. */
export interface DrainTarget {
  server: Server;
  bff: { drain(): void; close(): Promise<void> };
  store: { close(): Promise<void> };
  logger: Pick<Logger, 'info' | 'error'>;
}

export interface DrainSettings {
  /** How long `/readyz` answers 503 before the listener closes (the load balancer notices). */
  delayMs: number;
  /** Deadline of the whole drain, delay included. */
  timeoutMs: number;
}

/** The drain did not finish by its deadline. */
export class DrainTimeoutError extends Error {}

/** How often sockets left idle after their last answer are closed while the listener closes. */
const IDLE_SWEEP_MS = 50;

export interface Drainer {
  /** Requests received and not yet answered (or aborted). */
  inFlight(): number;
  /**
   * Drains once (later calls answer the same promise): readyz 503 at once, new requests still
   * served for `delayMs`, then no new connections (`server.close()`), keep-alive sockets
   * closed as they turn idle, requests in flight answered, then the BFF's background loop
   * stopped after its current task and the store closed. Rejects with `DrainTimeoutError`
   * (logged, with the requests still in flight) when `timeoutMs` passes first.
   */
  drain(settings: DrainSettings): Promise<void>;
}

/** Watches `server`'s requests from now on, so that a later drain knows what is in flight. */
export function createDrainer(target: DrainTarget): Drainer {
  const { server, bff, store, logger } = target;
  const open = new Set<ServerResponse>();
  let draining = false;
  let running: Promise<void> | undefined;

  const closeAfterAnswer = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // First among the listeners, so the header is set before any route answers.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    if (draining) closeAfterAnswer(res);
  });

  const closeListener = () =>
    new Promise<void>((resolve) => {
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      server.close(() => {
        clearInterval(sweep);
        resolve();
      });
      server.closeIdleConnections();
    });

  async function steps({ delayMs }: DrainSettings): Promise<void> {
    if (delayMs > 0) await sleep(delayMs);
    await closeListener();
    logger.info('drain: every request answered, listener closed; stopping the outbox loop');
    await bff.close();
    await store.close();
    logger.info('drain: done');
  }

  async function run(settings: DrainSettings): Promise<void> {
    draining = true;
    bff.drain();
    for (const res of open) closeAfterAnswer(res);
    logger.info(
      { inFlight: open.size, delayMs: settings.delayMs, timeoutMs: settings.timeoutMs },
      'drain: started, readyz answers 503',
    );
    let deadline: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      deadline = setTimeout(
        () =>
          reject(
            new DrainTimeoutError(
              `drain deadline of ${settings.timeoutMs} ms passed with ${open.size} request(s) in flight`,
            ),
          ),
        settings.timeoutMs,
      );
    });
    try {
      await Promise.race([steps(settings), expired]);
    } catch (error) {
      if (error instanceof DrainTimeoutError) {
        logger.error({ inFlight: open.size }, `${error.message}; exiting`);
      } else {
        logger.error({ error: (error as Error).message }, 'drain failed');
      }
      throw error;
    } finally {
      clearTimeout(deadline);
    }
  }

  return {
    inFlight: () => open.size,
    drain(settings) {
      running ??= run(settings);
      return running;
    },
  };
}
