import { describe, expect, it } from 'vitest';
import { OsmAndGate } from './osmand-gate';

const limits = { requestsPerMinute: 5, unknownIdsPerMinute: 2, blockMs: 10 * 60_000 };

describe('which addresses the OsmAnd listener answers', () => {
  it('admits an address within its request budget and refuses past it', () => {
    const gate = new OsmAndGate(limits);
    const answers = Array.from({ length: 6 }, () => gate.admit('10.0.0.1', 0));
    expect(answers).toEqual([true, true, true, true, true, false]);
    expect(gate.admit('10.0.0.2', 0)).toBe(true);
  });

  it('shuts out an address after too many unknown ids, until the block ends', () => {
    const gate = new OsmAndGate(limits);
    for (let i = 0; i < 3; i++) {
      expect(gate.admit('10.0.0.1', i)).toBe(true);
      gate.refused('10.0.0.1', i);
    }
    expect(gate.admit('10.0.0.1', 1000)).toBe(false);
    expect(gate.admit('10.0.0.1', 3 + limits.blockMs)).toBe(true);
  });

  it('asks to record a refusal once a minute per address', () => {
    const gate = new OsmAndGate(limits);
    expect(gate.refused('10.0.0.1', 0).record).toBe(true);
    expect(gate.refused('10.0.0.1', 1000).record).toBe(false);
    expect(gate.refused('10.0.0.2', 1000).record).toBe(true);
    expect(gate.refused('10.0.0.1', 61_000).record).toBe(true);
  });
});
