import type { Proposal, SuggestOptionsInput } from '../../../server/src/dispatch/suggest';

/** How the auto-dispatching hub asks for suggestions and which one it applies. */
export interface DispatchPolicy {
  /**
   * The engine's score loses this per minute a move adds to the receiving route (the product's
   * default is 0.3): lower, a minute of lateness outweighs more minutes of someone's driving.
   */
  addedMinuteWeight: number;
  /**
   * Ask for moves that make other stops late too, and apply one when it removes more minutes of
   * lateness than the stops it makes late are worth (`madeLateMinutes` each).
   */
  allowCollateral: boolean;
  /** What a stop made late costs when weighing a move with collateral, minutes. */
  madeLateMinutes: number;
  /**
   * An offline courier (phone dark: usually a breakdown) is assumed to stay put this long
   * (the engine's default for stalled and offline alike is 15 min).
   */
  offlineAssumptionMinutes: number;
  /** `first`: the engine's best proposal that qualifies; `most_removed`: the one removing most lateness. */
  pick: 'first' | 'most_removed';
}

/** The product's defaults: the first proposal that removes lateness and makes no other stop late. */
export const DEFAULT_POLICY: DispatchPolicy = {
  addedMinuteWeight: 0.3,
  allowCollateral: false,
  madeLateMinutes: 60,
  offlineAssumptionMinutes: 15,
  pick: 'first',
};

/** The options the hub passes with every ask for a trigger of this kind. */
export function suggestOptions(
  policy: DispatchPolicy,
  kind: string,
): Omit<SuggestOptionsInput, 'provider'> {
  return {
    addedMinuteWeight: policy.addedMinuteWeight,
    allowCollateral: policy.allowCollateral,
    madeLatePenalty: policy.madeLateMinutes,
    ...(kind === 'offline' ? { stallAssumptionMinutes: policy.offlineAssumptionMinutes } : {}),
  };
}

/** Lateness a proposal removes net of the stops it makes late, minutes. */
export function netMinutesRemoved(proposal: Proposal, policy: DispatchPolicy): number {
  const { latenessRemovedMinutes, otherStopsMadeLate } = proposal.effect;
  return latenessRemovedMinutes - policy.madeLateMinutes * otherStopsMadeLate.length;
}

/** The proposal the hub applies, if any: it must remove lateness, net of any it causes. */
export function chooseProposal(
  proposals: readonly Proposal[],
  policy: DispatchPolicy,
): Proposal | undefined {
  const qualifies = (p: Proposal) =>
    p.effect.latenessRemovedMinutes > 0 &&
    (policy.allowCollateral
      ? netMinutesRemoved(p, policy) > 0
      : p.effect.otherStopsMadeLate.length === 0);
  const eligible = proposals.filter(qualifies);
  if (policy.pick === 'first') return eligible[0];
  return eligible.reduce<Proposal | undefined>(
    (best, p) =>
      !best || netMinutesRemoved(p, policy) > netMinutesRemoved(best, policy) ? p : best,
    undefined,
  );
}
