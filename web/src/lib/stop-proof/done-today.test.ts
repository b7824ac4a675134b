import type { RecentProof } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { DoneToday } from './done-today.svelte';
import type { CompletedFilter } from './proof-api';

const entry = (proofId: number) =>
  ({ stop: { id: proofId * 10 }, proof: { id: proofId } }) as RecentProof;

describe('DoneToday', () => {
  it('asks for the filter it is given and keeps the answer in its order', async () => {
    const asked: CompletedFilter[] = [];
    const done = new DoneToday((filter) => {
      asked.push(filter);
      return Promise.resolve([entry(3), entry(1)]);
    });
    await done.load({ courierId: 4, since: 50 });
    expect(asked).toEqual([{ courierId: 4, since: 50 }]);
    expect(done.entries.map((e) => e.proof.id)).toEqual([3, 1]);
    expect(done.loading).toBe(false);
  });

  it('keeps the list of the later request when an earlier answer comes last', async () => {
    const answers: ((entries: RecentProof[]) => void)[] = [];
    const done = new DoneToday(() => new Promise((resolve) => answers.push(resolve)));
    const first = done.load({ hubId: 1, since: 0 });
    const second = done.load({ hubId: 2, since: 0 });
    answers[1]!([entry(20)]);
    await second;
    answers[0]!([entry(10)]);
    await first;
    expect(done.entries.map((e) => e.proof.id)).toEqual([20]);
  });

  it('says why the list could not be loaded, keeping what it showed', async () => {
    let fail = false;
    const done = new DoneToday(() =>
      fail
        ? Promise.reject(new Error('the server cannot be reached'))
        : Promise.resolve([entry(1)]),
    );
    await done.load({ since: 0 });
    fail = true;
    await done.load({ since: 0 });
    expect(done.error).toBe('the server cannot be reached');
    expect(done.entries).toHaveLength(1);
  });
});
