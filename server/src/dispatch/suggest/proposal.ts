/** What asks for a proposal: an alert on a stop or a courier, or a new stop. */
export type Trigger =
  | { kind: 'late_risk' | 'late'; stopId: number }
  | {
      kind: 'stalled' | 'offline';
      courierId: number;
      /** When the courier stalled or went silent, epoch ms. */
      since: number;
    }
  | { kind: 'failed_attempt'; stopId: number }
  | { kind: 'unassigned'; stopId: number };

export type TriggerKind = Trigger['kind'];

/** One stop going to one courier, at a 1-based position of that courier's route as it is after the moves before it. */
export interface StopMove {
  stopId: number;
  toCourierId: number;
  insertPosition: number;
}

/** Predicted arrival at a moved stop, epoch ms. */
export interface StopArrival {
  stopId: number;
  arriveAt: number;
}

/** The predicted effect of a proposal. */
export interface ProposalEffect {
  /** Lateness of the moved stops before minus after, minutes (negative when a new stop will be late). */
  latenessRemovedMinutes: number;
  /** Travel and service time the receiving routes gain, minutes. */
  addedMinutes: number;
  /** The receiving routes' other stops on time after the move. */
  otherStopsOnTime: number;
  /** Ids of other stops the move makes late (only with `allowCollateral`). */
  otherStopsMadeLate: number[];
  arrivals: StopArrival[];
}

/**
 * A proposed reassignment. `toCourierId` and `insertPosition` are those of the first move;
 * `moves` lists every move in the order to apply them (several receivers only when a stalled
 * courier's stops are spread out).
 */
export interface Proposal {
  kind: TriggerKind;
  /** The stops that move, in the order of `moves`. */
  stopIds: number[];
  fromCourierId: number | null;
  toCourierId: number;
  /** 1-based. */
  insertPosition: number;
  moves: StopMove[];
  /** Route version of every courier involved, as computed against (keyed by courier id). */
  routeVersions: Record<string, number>;
  score: number;
  explanation: string;
  effect: ProposalEffect;
  /** Distinct couriers whose eligibility was checked. */
  candidatesExamined: number;
}

/** The proposals for a trigger and what the search cost, even when it found nothing. */
export interface SuggestionResult {
  /** Best first. */
  proposals: Proposal[];
  /** Distinct couriers whose eligibility was checked. */
  candidatesExamined: number;
}

/** Nothing to propose, nothing examined. */
export const NO_SUGGESTION: SuggestionResult = { proposals: [], candidatesExamined: 0 };
