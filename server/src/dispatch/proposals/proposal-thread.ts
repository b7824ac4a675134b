import { parentPort, workerData } from 'node:worker_threads';
import { LearnedSpeedProvider } from '../../eta/learned-speed-provider';
import { RoadGraphProvider } from '../../eta/road-graph-provider';
import type { TypicalRoadFactors } from '../../eta/road-factors';
import type { RoadGraphArrays } from '../../streets/road-graph-arrays';
import { ProposalReplica } from './proposal-replica';
import type { ToProposalThread } from './thread-protocol';

/**
 * What the thread starts with: the server's road graph on shared memory and its typical trip's
 * road factors (sampled once, by the server's provider), when it has one.
 */
export interface ProposalThreadData {
  roads: { graph: RoadGraphArrays; typicalRoadFactors: TypicalRoadFactors } | null;
}

// Proposals are computed here, off the server's event loop: a burst of alerts must not hold up
// pings, acks or the consoles. The replica is fed by the server's messages, in order; travel
// times are the live ETA model's (the same provider over the same streets and learned speeds).
const { roads } = ((workerData as { data?: ProposalThreadData } | null)?.data ?? {
  roads: null,
}) satisfies ProposalThreadData;
const replica = new ProposalReplica((speeds) => {
  const learned = new LearnedSpeedProvider(speeds);
  if (!roads) return learned;
  const { graph, typicalRoadFactors } = roads;
  return RoadGraphProvider.fromSharedGraph(graph, speeds, {
    fallback: learned,
    typicalRoadFactors,
  });
});

parentPort?.on('message', (message: ToProposalThread) => {
  const answer = replica.handle(message);
  if (answer) parentPort!.postMessage(answer);
});
