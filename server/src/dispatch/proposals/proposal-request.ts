import type { TravelTimeProvider } from '../../eta/travel-time';
import {
  clockFormatter,
  suggestFor,
  type LiveStop,
  type SuggestionResult,
  type Trigger,
} from '../suggest';
import type { LiveModelState } from './live-model-state';

/** One proposal to compute, as plain data (it crosses to the proposal thread as it is). */
export interface ProposalRequest {
  trigger: Trigger;
  /** Epoch ms the proposal is computed for. */
  now: number;
  /** Stops the trigger names that are on no route (unassigned, failed), read by the caller. */
  loneStops: LiveStop[];
  /** Time zone of the explanation's clock times. */
  timezone: string;
}

/** The proposals for a request against a live model: the same code inline and in the thread. */
export function computeProposals(
  request: ProposalRequest,
  state: LiveModelState,
  provider: TravelTimeProvider,
): SuggestionResult {
  return suggestFor(request.trigger, state.view(request.now, request.loneStops), {
    provider,
    nameOf: (id) => state.nameOf(id),
    formatClock: clockFormatter(request.timezone),
  });
}
