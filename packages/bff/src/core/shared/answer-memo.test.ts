import type { HostList } from '@ats-zoom/contract';
import { describe, expect, it } from 'vitest';
import { createAnswerMemo } from './answer-memo';

function world() {
  const state = { nowMs: Date.UTC(2030, 0, 16, 1), generations: 'g1', builds: 0 };
  const memo = createAnswerMemo<HostList>({
    clock: { now: () => new Date(state.nowMs) },
    generations: () => state.generations,
    ttlMs: 1_000,
    maxEntries: 3,
  });
  const list = (label: string): HostList => ({
    hosts: [],
    slot: { start: '2030-01-16T01:00:00.000Z', end: '2030-01-16T01:30:00.000Z' },
    auto: { connectionId: null, ownerUserId: null, ownerName: null, role: null, passedOver: [] },
    checkedAt: label,
  });
  const ask = (key: string, fromCaches = true, during?: () => void) =>
    memo.answer(key, async () => {
      state.builds += 1;
      during?.();
      return { value: list(`build ${state.builds}`), keep: fromCaches };
    });
  return { state, ask };
}

describe('answer memo (a host list)', () => {
  it('when a list built from the caches is asked again within its second and no cache changed, then the same frozen list answers without building', async () => {
    const { state, ask } = world();
    const first = await ask('tenant\nuser\nslot');
    state.nowMs += 999;
    const again = await ask('tenant\nuser\nslot');
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
    expect(Object.isFrozen(again.slot)).toBe(true);
    expect(state.builds).toBe(1);
    // Another key (another caller or query) is its own list.
    expect((await ask('tenant\nother\nslot')).checkedAt).toBe('build 2');
  });

  it('when a second has passed, then the list is built again', async () => {
    const { state, ask } = world();
    await ask('k');
    state.nowMs += 1_000;
    expect((await ask('k')).checkedAt).toBe('build 2');
  });

  it('when any cache was invalidated since, then the list is built again', async () => {
    const { state, ask } = world();
    await ask('k');
    state.generations = 'g2';
    expect((await ask('k')).checkedAt).toBe('build 2');
    expect((await ask('k')).checkedAt).toBe('build 2');
  });

  it('when a list needed a provider call, or a cache was invalidated while it was built, then it is not kept', async () => {
    const { state, ask } = world();
    await ask('fetched', false);
    expect((await ask('fetched')).checkedAt).toBe('build 2');

    await ask('raced', true, () => {
      state.generations = 'g-during';
    });
    expect((await ask('raced')).checkedAt).toBe('build 4');
    expect((await ask('raced')).checkedAt).toBe('build 4');
  });

  it('when more lists are kept than allowed, then the oldest go first', async () => {
    const { state, ask } = world();
    for (const key of ['a', 'b', 'c', 'd']) await ask(key);
    expect(state.builds).toBe(4);
    await ask('d');
    await ask('b');
    expect(state.builds).toBe(4);
    expect((await ask('a')).checkedAt).toBe('build 5');
  });
});
