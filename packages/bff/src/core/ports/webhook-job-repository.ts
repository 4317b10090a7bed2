import type { Provider } from '@ats-zoom/contract';

/** Which delivery a job is: a redelivery has the same key (the store keeps one job for it). */
export interface WebhookJobKey {
  provider: Provider;
  eventKey: string;
}

/** `pending` until processed (`done`) or out of attempts (`failed`). */
export type WebhookJobStatus = 'pending' | 'done' | 'failed';

/** One acknowledged webhook delivery, waiting for (or done with) its processing. */
export interface WebhookJobRecord extends WebhookJobKey {
  /** The delivery as the core's event, JSON. */
  event: string;
  status: WebhookJobStatus;
  attempts: number;
  /** When it is due (null once done or failed). */
  nextAttemptAt: Date | null;
  lastError: string | null;
  lockedUntil: Date | null;
  lockedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The durable webhook queue: acknowledged deliveries, leased to one instance at a time. */
export interface WebhookJobRepository {
  /** Stores a new delivery, due at `at`; false when its key was stored before (a redelivery). */
  enqueue(job: WebhookJobKey & { event: string; at: Date }): Promise<boolean>;
  /**
   * Leases a due, pending job to `owner` until `until` (one conditional update: the database
   * picks a single winner among instances); answers the job when won.
   */
  claim(
    key: WebhookJobKey,
    owner: string,
    now: Date,
    until: Date,
  ): Promise<WebhookJobRecord | undefined>;
  /** Pending jobs due at `now` and not leased, oldest first. */
  listDue(now: Date, limit: number): Promise<WebhookJobKey[]>;
  /** Ends `owner`'s lease with the outcome; ignored when the lease was lost to another. */
  finish(
    key: WebhookJobKey,
    owner: string,
    outcome: {
      status: WebhookJobStatus;
      attempts: number;
      nextAttemptAt: Date | null;
      lastError: string | null;
      at: Date;
    },
  ): Promise<void>;
  find(key: WebhookJobKey): Promise<WebhookJobRecord | undefined>;
  /** Deletes finished jobs (done or failed) last updated before `before`; answers how many. */
  pruneFinished(before: Date): Promise<number>;
}
