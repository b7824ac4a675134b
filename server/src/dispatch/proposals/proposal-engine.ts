import type { TravelTimeProvider } from '../../eta/travel-time';
import type { SuggestionResult } from '../suggest';
import type { LiveFleetModel } from './live-fleet-model';
import { computeProposals, type ProposalRequest } from './proposal-request';

/** Where proposals are computed: on the server's thread, or in a thread holding a replica. */
export interface ProposalEngine {
  readonly where: 'inline' | 'worker';
  /** Whether `model` should keep its own cell index (only when proposals are computed here). */
  readonly indexesModel: boolean;
  /** Proposals for `request` against `model` as it is now (a replica is brought up to date first). */
  propose(model: LiveFleetModel, request: ProposalRequest): Promise<SuggestionResult>;
  /** Seconds spent computing since the start (the thread's own clock when there is one). */
  busySeconds(): number;
  close(): Promise<void>;
}

/** Proposals on the server's own thread (tests, and `DISPATCH_THREAD=inline`). */
export class InlineProposalEngine implements ProposalEngine {
  readonly where = 'inline';
  readonly indexesModel = true;
  private busyMs = 0;

  constructor(private readonly provider: TravelTimeProvider) {}

  propose(model: LiveFleetModel, request: ProposalRequest): Promise<SuggestionResult> {
    const began = performance.now();
    try {
      return Promise.resolve(computeProposals(request, model.state, this.provider));
    } finally {
      this.busyMs += performance.now() - began;
    }
  }

  busySeconds(): number {
    return this.busyMs / 1000;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
