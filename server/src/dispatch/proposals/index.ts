/** Suggestion proposals off the server's thread: the live model, its replica, the queue and the engines. */
import type { LearnedSpeeds } from '../../eta/learned-speeds';
import { RoadGraphProvider } from '../../eta/road-graph-provider';
import type { TravelTimeProvider } from '../../eta/travel-time';
import type { ProposalThreadData } from './proposal-thread';
import { InlineProposalEngine, type ProposalEngine } from './proposal-engine';
import { ThreadProposalEngine } from './thread-proposal-engine';

export { CoalescingQueue, type DropReason } from './coalescing-queue';
export { LiveFleetModel, toLiveStop } from './live-fleet-model';
export { LiveModelState, type CourierUpdate, type LiveModelDelta } from './live-model-state';
export { InlineProposalEngine, type ProposalEngine } from './proposal-engine';
export { pendingSituations, type PendingSituations } from './pending-situations';
export { ProposalKeeper } from './proposal-keeper';
export { computeProposals, type ProposalRequest } from './proposal-request';
export { ThreadProposalEngine } from './thread-proposal-engine';

/**
 * The engine `DISPATCH_THREAD` asks for, over the live ETA model's speeds and travel times: a
 * thread gets the road graph (when there is one) on shared memory and the speeds by message.
 */
export function proposalEngine(
  where: 'worker' | 'inline',
  eta: { speeds: LearnedSpeeds; provider: TravelTimeProvider },
): ProposalEngine {
  if (where === 'inline') return new InlineProposalEngine(eta.provider);
  const roadGraph = eta.provider instanceof RoadGraphProvider ? eta.provider : null;
  const graph = roadGraph?.sharedGraph() ?? null;
  const threadData: ProposalThreadData = {
    roads:
      roadGraph && graph ? { graph, typicalRoadFactors: roadGraph.typicalRoadFactors() } : null,
  };
  return new ThreadProposalEngine({ speeds: () => eta.speeds.snapshot(), threadData });
}
