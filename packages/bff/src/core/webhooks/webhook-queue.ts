import type { MeetingHostProvider } from '@ats-zoom/contract';
import type { WebhookJobKey } from '../ports';
import { describeError } from '../shared/errors';
import {
  handleMeetingHostEvent,
  type MeetingHostEvent,
  type MeetingHostEventDeps,
} from './meeting-host-events';

/** A delivery the queue keeps: everything but the ones answered on the spot. */
export type QueuedMeetingHostEvent = Exclude<
  MeetingHostEvent,
  { kind: 'url_validation' } | { kind: 'ignored' }
>;

export interface WebhookQueueOptions {
  /** The background pass runs every this long; 0 turns it off. @default 1_000 */
  pollIntervalMs: number;
  /** First retry delay after a failed processing, doubled per attempt. @default 5_000 */
  baseDelayMs: number;
  /** @default 5 min */
  maxDelayMs: number;
  /** Attempts before a job is left `failed` (logged). @default 10 */
  maxAttempts: number;
  /** How long a picked job is leased to this instance. @default 60_000 */
  leaseMs: number;
  /**
   * How long an acknowledgment waits for the delivery's own processing (begun at once on the
   * instance that stored it) before answering anyway; the job then finishes in the background.
   * Zoom wants an answer within 3 s. @default 1_000
   */
  ackWaitMs: number;
  /** Finished jobs are deleted this long after they finished. @default 7 days */
  retentionMs: number;
}

export const defaultWebhookQueueOptions: WebhookQueueOptions = {
  pollIntervalMs: 1_000,
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 10,
  leaseMs: 60_000,
  ackWaitMs: 1_000,
  retentionMs: 7 * 24 * 60 * 60_000,
};

export type WebhookQueueLiveness = 'off' | 'running' | 'stopped' | 'stalled';

export interface WebhookQueue {
  /**
   * Stores a verified delivery (once per key: a redelivery, here or on another instance, is
   * `duplicate`) and begins processing it on this instance. Resolves once stored and either
   * processed or `ackWaitMs` later, whichever comes first: the caller acknowledges then.
   */
  accept(
    provider: MeetingHostProvider,
    event: QueuedMeetingHostEvent,
  ): Promise<'processed' | 'queued' | 'duplicate'>;
  /** One pass: processes the jobs due now that no other instance holds; answers how many. */
  runDue(): Promise<number>;
  start(): void;
  /** Stops the loop and waits for the processing in progress. */
  close(): Promise<void>;
  liveness(): WebhookQueueLiveness;
}

const BATCH = 50;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Zoom's webhooks, acknowledged fast and processed from a durable queue on the store: the job
 * row is the acknowledgment's promise. A job is leased (one conditional update, so instances
 * never process one job at once), processed by the core (`handleMeetingHostEvent`, which
 * records the delivery key in the same transaction as its effect: a job run again after a
 * crash does nothing twice), and retried with backoff when processing throws.
 */
export function createWebhookQueue(
  deps: MeetingHostEventDeps & { instanceId: string },
  options: Partial<WebhookQueueOptions> = {},
): WebhookQueue {
  const settings = { ...defaultWebhookQueueOptions, ...options };
  const running = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<unknown> | undefined;
  let started = false;
  let closed = false;
  let lastPrune = Number.NEGATIVE_INFINITY;
  let lastBeat = performance.now();
  const beat = () => {
    lastBeat = performance.now();
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    const done = () => running.delete(work);
    work.then(done, done);
    return work;
  };

  /** Processes one job if this instance wins its lease; true when it ran (either outcome). */
  async function processOne(key: WebhookJobKey): Promise<boolean> {
    const now = deps.clock.now();
    const until = new Date(now.getTime() + settings.leaseMs);
    const job = await deps.store.webhookJobs.claim(key, deps.instanceId, now, until);
    if (!job) return false;
    const attempts = job.attempts + 1;
    try {
      const event = JSON.parse(job.event) as QueuedMeetingHostEvent;
      await handleMeetingHostEvent(deps, job.provider as MeetingHostProvider, event);
      await deps.store.webhookJobs.finish(key, deps.instanceId, {
        status: 'done',
        attempts,
        nextAttemptAt: null,
        lastError: null,
        at: deps.clock.now(),
      });
    } catch (error) {
      const failed = attempts >= settings.maxAttempts;
      const delay = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempts - 1));
      const at = deps.clock.now();
      deps.logger.warn(
        { provider: key.provider, attempts, failed, error: describeError(error) },
        failed ? 'webhook job failed for good' : 'webhook job failed; retried later',
      );
      await deps.store.webhookJobs.finish(key, deps.instanceId, {
        status: failed ? 'failed' : 'pending',
        attempts,
        nextAttemptAt: failed ? null : new Date(at.getTime() + delay),
        lastError: JSON.stringify(describeError(error)).slice(0, 500),
        at,
      });
    }
    return true;
  }

  async function runDue(): Promise<number> {
    const now = deps.clock.now();
    if (now.getTime() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now.getTime();
      await deps.store.webhookJobs.pruneFinished(new Date(now.getTime() - settings.retentionMs));
    }
    const due = await deps.store.webhookJobs.listDue(now, BATCH);
    let ran = 0;
    for (const key of due) {
      if (closed) break;
      beat();
      try {
        if (await track(processOne(key))) ran++;
      } catch (error) {
        // The lease runs out and a later pass tries again.
        deps.logger.error({ error: describeError(error) }, 'webhook job could not be run');
      }
    }
    return ran;
  }

  const schedule = () => {
    if (closed) return;
    beat();
    timer = setTimeout(() => {
      beat();
      pass = runDue()
        .catch((error: unknown) => {
          deps.logger.error({ error: describeError(error) }, 'webhook queue pass failed');
        })
        .finally(() => {
          pass = undefined;
          schedule();
        });
    }, settings.pollIntervalMs);
    timer.unref();
  };

  return {
    async accept(provider, event) {
      const key = { provider, eventKey: event.deliveryKey };
      const stored = await deps.store.webhookJobs.enqueue({
        ...key,
        event: JSON.stringify(event),
        at: deps.clock.now(),
      });
      if (!stored) return 'duplicate';
      if (closed) return 'queued';
      const processing = track(
        processOne(key).catch((error: unknown) => {
          deps.logger.error({ error: describeError(error) }, 'webhook job could not be run');
          return false;
        }),
      );
      let waited: NodeJS.Timeout | undefined;
      const timeout = new Promise<'queued'>((resolve) => {
        waited = setTimeout(() => resolve('queued'), settings.ackWaitMs);
      });
      try {
        return await Promise.race([
          processing.then((ran) => (ran ? ('processed' as const) : ('queued' as const))),
          timeout,
        ]);
      } finally {
        clearTimeout(waited);
      }
    },
    runDue,
    start() {
      if (timer === undefined && !closed && settings.pollIntervalMs > 0) {
        started = true;
        schedule();
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await pass;
      await Promise.all([...running]);
    },
    liveness() {
      if (closed) return started ? 'stopped' : 'off';
      if (!started) return 'off';
      if (pass !== undefined && performance.now() - lastBeat > settings.leaseMs) return 'stalled';
      return 'running';
    },
  };
}
