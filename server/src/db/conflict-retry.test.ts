import { describe, expect, it } from 'vitest';
import { databaseCode, retryLostRaces } from './conflict-retry';

const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
const wrapped = Object.assign(new Error('query failed'), { cause: { code: '40001' } });

describe('transactions that lost a race', () => {
  it('run again until they pass, a deadlock or a wrapped serialization failure alike', async () => {
    let runs = 0;
    const value = await retryLostRaces(async () => {
      runs++;
      if (runs === 1) throw deadlock;
      if (runs === 2) throw wrapped;
      return 'done';
    });
    expect(value).toBe('done');
    expect(runs).toBe(3);
  });

  it('give up after the attempts allowed, with the last error', async () => {
    let runs = 0;
    await expect(
      retryLostRaces(async () => {
        runs++;
        throw deadlock;
      }, 2),
    ).rejects.toBe(deadlock);
    expect(runs).toBe(2);
  });

  it('throw any other error at once', async () => {
    let runs = 0;
    const refused = Object.assign(new Error('bad value'), { code: '22P02' });
    await expect(
      retryLostRaces(async () => {
        runs++;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(runs).toBe(1);
    expect(databaseCode(refused)).toBe('22P02');
    expect(databaseCode(new Error('plain'))).toBeUndefined();
  });
});
