import { describe, expect, it } from 'vitest';
import type { IdempotencyKeyRepository, LogPort } from '../ports';
import { createIdempotencyKeyPruner } from './idempotency-retention';

function setup(deleteCreatedBefore: IdempotencyKeyRepository['deleteCreatedBefore']) {
  let nowMs = Date.parse('2030-01-15T00:00:00Z');
  const warnings: string[] = [];
  const logger: LogPort = {
    info: () => {},
    warn: (_details, message) => void warnings.push(message),
    error: () => {},
  };
  const idempotencyKeys = { deleteCreatedBefore } as IdempotencyKeyRepository;
  const pruner = createIdempotencyKeyPruner({
    store: { idempotencyKeys },
    clock: { now: () => new Date(nowMs) },
    logger,
    retentionMs: 1_000,
    intervalMs: 10_000,
  });
  const advance = (ms: number) => {
    nowMs += ms;
  };
  return { pruner, warnings, advance, now: () => nowMs };
}

describe('createIdempotencyKeyPruner', () => {
  it('when called often, then it deletes keys older than the retention once per interval', async () => {
    const cutoffs: number[] = [];
    const { pruner, advance, now } = setup(async (before) => {
      cutoffs.push(before.getTime());
      return 0;
    });
    const start = now();
    await Promise.all([pruner.pruneIfDue(), pruner.pruneIfDue()]);
    advance(9_999);
    await pruner.pruneIfDue();
    advance(1);
    await pruner.pruneIfDue();
    expect(cutoffs).toEqual([start - 1_000, start + 10_000 - 1_000]);
  });

  it('when the delete fails, then the caller is not failed, a warning is logged and the next interval tries again', async () => {
    let calls = 0;
    const { pruner, warnings, advance } = setup(async () => {
      calls += 1;
      throw new Error('database away');
    });
    await expect(pruner.pruneIfDue()).resolves.toBeUndefined();
    await pruner.pruneIfDue();
    advance(10_000);
    await pruner.pruneIfDue();
    expect(calls).toBe(2);
    expect(warnings).toEqual([
      'could not prune idempotency keys',
      'could not prune idempotency keys',
    ]);
  });
});
