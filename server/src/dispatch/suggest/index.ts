/** The suggestion engine: reassignment proposals from the live picture, as plain data in and out. */
export type { LiveCourier, LiveModel, LivePoint, LiveStop } from './model';
export { MOVABLE_STATUSES } from './model';
export { buildLiveModel } from './build-model';
export { FleetCellIndex } from './fleet-cell-index';
export {
  allCandidates,
  findCandidates,
  type Candidate,
  type CandidateRules,
  type CandidateSearch,
  type CourierLookup,
} from './candidates';
export { ineligibility, type EligibilityQuery, type Ineligibility } from './eligibility';
export {
  DEFAULT_SUGGEST_OPTIONS,
  clockFormatter,
  resolveOptions,
  type SuggestOptions,
  type SuggestOptionsInput,
} from './options';
export type {
  Proposal,
  ProposalEffect,
  StopArrival,
  StopMove,
  SuggestionResult,
  Trigger,
  TriggerKind,
} from './proposal';
export { proposeFor, suggestFor } from './propose';
