/** Suggestion proposals off the server's thread: the live model, its replica, the queue and the engines. */
import type { LearnedSpeeds } from '../../eta/learned-speeds';
import type { TravelTimeProvider } from '../../eta/travel-time';
import { InlineProposalEngine, type ProposalEngine } from './proposal-engine';
import { ThreadProposalEngine } from './thread-proposal-engine';

export { CoalescingQueue, type DropReason } from './coalescing-queue';
export { LiveFleetModel, toLiveStop } from './live-fleet-model';
export { LiveModelState, type CourierUpdate, type LiveModelDelta } from './live-model-state';
export { InlineProposalEngine, type ProposalEngine } from './proposal-engine';
export { ProposalKeeper } from './proposal-keeper';
export { computeProposals, type ProposalRequest } from './proposal-request';
export { ThreadProposalEngine } from './thread-proposal-engine';

/** The engine `DISPATCH_THREAD` asks for, over the live ETA model's speeds and travel times. */
export function proposalEngine(
  where: 'worker' | 'inline',
  eta: { speeds: LearnedSpeeds; provider: TravelTimeProvider },
): ProposalEngine {
  return where === 'worker'
    ? new ThreadProposalEngine({ speeds: () => eta.speeds.snapshot() })
    : new InlineProposalEngine(eta.provider);
}
