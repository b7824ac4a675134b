import { getHexagonEdgeLengthAvg } from 'h3-js';
import { H3_RES } from '@dispatch/shared';
import { ringCells } from './fleet-cell-index';
import {
  ineligibility,
  reachMeters,
  type DistanceRules,
  type EligibilityQuery,
} from './eligibility';
import { stopCell, type LiveCourier, type LiveModel, type LiveStop } from './model';

/** A courier that may take a stop, and how near its position or route comes to it. */
export interface Candidate {
  courier: LiveCourier;
  reachMeters: number;
}

/** The candidates found and what finding them cost. */
export interface CandidateSearch {
  /** Nearest first. */
  candidates: Candidate[];
  /** Distinct couriers whose eligibility was checked. */
  examined: number;
  /** Rings expanded (k = 0..rings-1); 0 for a scan of the whole fleet. */
  rings: number;
}

export interface CandidateRules extends DistanceRules {
  minCandidates: number;
}

/** The courier to use for an id: a working copy while a plan is being built, else the model's. */
export type CourierLookup = (courierId: number) => LiveCourier | undefined;

const EDGE_METERS = getHexagonEdgeLengthAvg(H3_RES.courier, 'm');
// Cell sizes vary across the globe (about ±40% of the average): be pessimistic both ways.
const RING_SPACING_METERS = EDGE_METERS * Math.sqrt(3) * 0.6;
const CELL_RADIUS_METERS = EDGE_METERS * 1.6;

/** No point in ring k (or beyond) is closer to the origin cell's points than this. */
function ringMinMeters(k: number): number {
  return Math.max(0, k * RING_SPACING_METERS - 2 * CELL_RADIUS_METERS);
}

/** The eligible couriers of one ring of cells. */
export interface RingBatch {
  k: number;
  candidates: Candidate[];
}

/**
 * Eligible couriers near a stop, ring by ring: `gridRing(cell, k)` from the stop's res-9 cell
 * for k = 0, 1, 2, … until the rings are past the distance limit or every occupied cell has
 * been seen. The caller stops pulling when it has enough. Examined ids are also added to
 * `examinedIds` (to count couriers over several searches).
 */
export function* ringsAround(
  stop: LiveStop,
  model: LiveModel,
  rules: DistanceRules,
  query: EligibilityQuery,
  courierOf: CourierLookup = (id) => model.couriers.get(id),
  examinedIds?: Set<number>,
): Generator<RingBatch, void, undefined> {
  const origin = stopCell(stop);
  const seen = new Set<number>();
  let occupiedSeen = 0;
  for (let k = 0; ringMinMeters(k) <= rules.maxDistanceMeters; k++) {
    const candidates: Candidate[] = [];
    for (const cell of ringCells(origin, k)) {
      const members = model.index.couriersIn(cell);
      if (members.size === 0) continue;
      occupiedSeen++;
      for (const id of members) {
        if (seen.has(id)) continue;
        seen.add(id);
        examinedIds?.add(id);
        const candidate = consider(courierOf(id), stop, query, rules);
        if (candidate) candidates.push(candidate);
      }
    }
    yield { k, candidates };
    if (occupiedSeen >= model.index.cellCount) return;
  }
}

/**
 * Eligible couriers near a stop: expands rings from the stop's res-9 cell, k = 0, 1, 2, …,
 * until a whole ring has brought the count to `minCandidates`, the rings are past the distance
 * limit, or every occupied cell has been seen. Never scans the fleet.
 */
export function findCandidates(
  stop: LiveStop,
  model: LiveModel,
  rules: CandidateRules,
  query: EligibilityQuery,
  courierOf: CourierLookup = (id) => model.couriers.get(id),
  examinedIds?: Set<number>,
): CandidateSearch {
  const examined = new Set<number>();
  const candidates: Candidate[] = [];
  let rings = 0;
  for (const batch of ringsAround(stop, model, rules, query, courierOf, examined)) {
    candidates.push(...batch.candidates);
    rings = batch.k + 1;
    if (candidates.length >= rules.minCandidates) break;
  }
  for (const id of examined) examinedIds?.add(id);
  candidates.sort(nearestFirst);
  return { candidates, examined: examined.size, rings };
}

/** Every eligible courier in the fleet: the reference the ring search is measured against. */
export function allCandidates(
  stop: LiveStop,
  model: LiveModel,
  rules: DistanceRules,
  query: EligibilityQuery,
  courierOf: CourierLookup = (id) => model.couriers.get(id),
  examinedIds?: Set<number>,
): CandidateSearch {
  const candidates: Candidate[] = [];
  for (const id of model.couriers.keys()) {
    examinedIds?.add(id);
    const candidate = consider(courierOf(id), stop, query, rules);
    if (candidate) candidates.push(candidate);
  }
  candidates.sort(nearestFirst);
  return { candidates, examined: model.couriers.size, rings: 0 };
}

function consider(
  courier: LiveCourier | undefined,
  stop: LiveStop,
  query: EligibilityQuery,
  rules: DistanceRules,
): Candidate | null {
  if (!courier) return null;
  const reach = reachMeters(courier, stop);
  return ineligibility(courier, stop, query, rules, reach) === null
    ? { courier, reachMeters: reach }
    : null;
}

/** Nearest way first; ties by courier id. */
export function nearestFirst(a: Candidate, b: Candidate): number {
  return a.reachMeters - b.reachMeters || a.courier.id - b.courier.id;
}
