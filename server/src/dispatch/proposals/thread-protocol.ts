import type { LearnedSpeedsSnapshot } from '../../eta/learned-speeds-snapshot';
import type { SuggestionResult } from '../suggest';
import type { LiveModelDelta } from './live-model-state';
import type { ProposalRequest } from './proposal-request';

/** What the server posts to the proposal thread; handled in the order posted. */
export type ToProposalThread =
  | { type: 'model'; delta: LiveModelDelta }
  | { type: 'speeds'; snapshot: LearnedSpeedsSnapshot }
  | { type: 'propose'; id: number; request: ProposalRequest };

/** The thread's answer to a `propose`, with the time it spent on everything since its last answer. */
export type FromProposalThread =
  | { type: 'proposed'; id: number; result: SuggestionResult; busyMs: number }
  | { type: 'failed'; id: number; error: string; busyMs: number };
