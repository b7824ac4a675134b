import { parentPort, workerData } from 'node:worker_threads';
import { LearnedSpeedProvider } from '../../eta/learned-speed-provider';
import { ProposalReplica } from './proposal-replica';
import type { ToProposalThread } from './thread-protocol';

// Proposals are computed here, off the server's event loop: a burst of alerts must not hold up
// pings, acks or the consoles. The replica is fed by the server's messages, in order.
void workerData;
const replica = new ProposalReplica((speeds) => new LearnedSpeedProvider(speeds));

parentPort?.on('message', (message: ToProposalThread) => {
  const answer = replica.handle(message);
  if (answer) parentPort!.postMessage(answer);
});
