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
  /**
   * The pickups and deliveries of the shop orders the trigger's stops belong to, as stored now
   * (any status): a stop of an open order moves with its other stop, a held parcel's delivery
   * stays with its courier. Absent: every stop is an order of its own.
   */
  orderStops?: LiveStop[] | undefined;
  /** Time zone of the explanation's clock times. */
  timezone: string;
  /** The hub's safety margin on window ends, minutes: moves are weighed against the earlier end. */
  windowMarginMinutes?: number | undefined;
}

/** The proposals for a request against a live model: the same code inline and in the thread. */
export function computeProposals(
  request: ProposalRequest,
  state: LiveModelState,
  provider: TravelTimeProvider,
): SuggestionResult {
  const model = state.view(request.now, request.loneStops, request.orderStops);
  return suggestFor(request.trigger, model, {
    provider,
    nameOf: (id) => state.nameOf(id),
    formatClock: clockFormatter(request.timezone),
    windowMarginMinutes: request.windowMarginMinutes,
  });
}
