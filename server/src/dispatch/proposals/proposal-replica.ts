import { LearnedSpeeds } from '../../eta/learned-speeds';
import type { TravelTimeProvider } from '../../eta/travel-time';
import type { SuggestionResult } from '../suggest';
import { LiveModelState } from './live-model-state';
import { computeProposals, type ProposalRequest } from './proposal-request';
import type { FromProposalThread, ToProposalThread } from './thread-protocol';

/**
 * The proposal thread's side: a replica of the live model and of the learned speeds, kept
 * current by the messages the server posts, and proposals computed against them. Plain logic
 * over messages, so it is tested without a thread.
 */
export class ProposalReplica {
  readonly state = new LiveModelState();
  readonly speeds = new LearnedSpeeds();
  private readonly provider: TravelTimeProvider;
  /** Time spent on messages since the last answer. */
  private unreportedMs = 0;

  /** `providerOf` builds the travel times over this replica's learned speeds. */
  constructor(providerOf: (speeds: LearnedSpeeds) => TravelTimeProvider) {
    this.provider = providerOf(this.speeds);
  }

  /** Handles one message; answers a `propose`, nothing else. */
  handle(message: ToProposalThread): FromProposalThread | null {
    const began = performance.now();
    if (message.type === 'model') this.state.apply(message.delta);
    else if (message.type === 'speeds') this.speeds.restore(message.snapshot);
    else return this.propose(message.id, message.request, began);
    this.unreportedMs += performance.now() - began;
    return null;
  }

  private propose(id: number, request: ProposalRequest, began: number): FromProposalThread {
    let outcome: { result: SuggestionResult } | { error: string };
    try {
      outcome = { result: computeProposals(request, this.state, this.provider) };
    } catch (err) {
      outcome = { error: err instanceof Error ? err.message : String(err) };
    }
    const busyMs = this.unreportedMs + (performance.now() - began);
    this.unreportedMs = 0;
    return 'result' in outcome
      ? { type: 'proposed', id, result: outcome.result, busyMs }
      : { type: 'failed', id, error: outcome.error, busyMs };
  }
}
