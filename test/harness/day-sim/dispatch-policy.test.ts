import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../server/src/dispatch/suggest';
import { DEFAULT_POLICY, chooseProposal, suggestOptions } from './dispatch-policy';

function proposal(id: number, removedMinutes: number, madeLate: number[] = []): Proposal {
  return {
    kind: 'late_risk',
    stopIds: [id],
    fromCourierId: 1,
    toCourierId: 2,
    insertPosition: 1,
    moves: [{ stopId: id, toCourierId: 2, insertPosition: 1 }],
    routeVersions: {},
    score: removedMinutes,
    explanation: '',
    effect: {
      latenessRemovedMinutes: removedMinutes,
      addedMinutes: 5,
      otherStopsOnTime: 3,
      otherStopsMadeLate: madeLate,
      arrivals: [],
    },
    candidatesExamined: 1,
  };
}

describe('chooseProposal', () => {
  it('by default takes the first that removes lateness and makes no other stop late', () => {
    const chosen = chooseProposal(
      [proposal(1, 0), proposal(2, 30, [9]), proposal(3, 5), proposal(4, 20)],
      DEFAULT_POLICY,
    );
    expect(chosen?.stopIds).toEqual([3]);
  });

  it('takes the one removing the most lateness when asked to', () => {
    const chosen = chooseProposal([proposal(3, 5), proposal(4, 20)], {
      ...DEFAULT_POLICY,
      pick: 'most_removed',
    });
    expect(chosen?.stopIds).toEqual([4]);
  });

  it('with collateral allowed, weighs each stop made late against the lateness removed', () => {
    const policy = {
      ...DEFAULT_POLICY,
      allowCollateral: true,
      madeLateMinutes: 20,
      pick: 'most_removed' as const,
    };
    // 50 − 20 = 30 net beats 25; 70 − 3 × 20 = 10 does not.
    const chosen = chooseProposal(
      [proposal(1, 25), proposal(2, 50, [8]), proposal(3, 70, [7, 8, 9])],
      policy,
    );
    expect(chosen?.stopIds).toEqual([2]);
    expect(chooseProposal([proposal(4, 15, [8])], policy)).toBeUndefined();
  });

  it('takes nothing that removes no lateness', () => {
    expect(chooseProposal([proposal(1, 0), proposal(2, -3)], DEFAULT_POLICY)).toBeUndefined();
  });
});

describe('suggestOptions', () => {
  it('assumes an offline courier away for the policy’s time, a stalled one for the engine’s', () => {
    const policy = { ...DEFAULT_POLICY, offlineAssumptionMinutes: 45 };
    expect(suggestOptions(policy, 'offline').stallAssumptionMinutes).toBe(45);
    expect(suggestOptions(policy, 'stalled').stallAssumptionMinutes).toBeUndefined();
  });
});
