import { describe, expect, it } from 'vitest';
import { proposalSlot, type DetectionPace } from './proposal-slot';

/** A detection loop whose next pass is `untilMs` away, recording what the slot waited for. */
function pace(untilMs: number) {
  const waited: string[] = [];
  let finishTick: () => void = () => {};
  const detection: DetectionPace = {
    msUntilNextTick: () => untilMs,
    afterNextTick: () => {
      waited.push('tick');
      return new Promise((resolve) => (finishTick = resolve));
    },
    settled: () => {
      waited.push('alerts');
      return Promise.resolve();
    },
  };
  return { detection, waited, finishTick: () => finishTick() };
}

describe('proposalSlot', () => {
  it('lets a proposal start at once when the next pass is far enough away, once alerts are written', async () => {
    const { detection, waited } = pace(600);
    await proposalSlot(detection, 1000);
    expect(waited).toEqual(['alerts']);
  });

  it('holds a proposal until the pass that is about to begin has run', async () => {
    const { detection, waited, finishTick } = pace(100);
    let started = false;
    const slot = proposalSlot(detection, 1000).then(() => (started = true));
    await Promise.resolve();
    expect(waited).toEqual(['tick']);
    expect(started).toBe(false);
    finishTick();
    await slot;
    expect(waited).toEqual(['tick', 'alerts']);
  });

  it('scales the clearance with a short tick, so a fast loop still gets proposals', async () => {
    // 100 ms ticks: 25 ms of clearance is enough.
    const { detection, waited } = pace(40);
    await proposalSlot(detection, 100);
    expect(waited).toEqual(['alerts']);
  });
});
