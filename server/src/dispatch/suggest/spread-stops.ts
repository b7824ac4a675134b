import { routeVersions, tenths, type MoveContext } from './build-proposal';
import { buildCandidateRoute } from './candidate-route';
import type { CourierLookup } from './candidates';
import type { EligibilityQuery } from './eligibility';
import { TIME_EPSILON } from './insertion';
import { explainSpread, type MovedStopLine, type ReceiverSummary } from './explain';
import type { LiveCourier, LiveModel, LiveStop } from './model';
import type { SuggestOptions } from './options';
import { orderUnits } from './order-of';
import type { Proposal, StopMove } from './proposal';
import { scoreNear } from './rank';

/** One stop of a spread, with what it was and what it costs its receiver. */
export interface SpreadMove extends StopMove {
  stop: LiveStop;
  lateBeforeSeconds: number;
  addedSeconds: number;
}

/** A stalled courier's stops placed one by one, and the receiving routes as they end up. */
export interface Spread {
  moves: SpreadMove[];
  /** Receiving couriers with the moved stops in their routes. */
  receivers: Map<number, LiveCourier>;
  madeLate: Map<number, LiveStop>;
}

/**
 * Each stop (a shop order's pickup and delivery as one), most urgent first, to its best courier
 * given the stops already placed.
 */
export function spreadStops(
  moving: readonly LiveStop[],
  lateBefore: readonly number[],
  model: LiveModel,
  options: SuggestOptions,
  query: EligibilityQuery,
  examined: Set<number>,
): Spread | null {
  const receivers = new Map<number, LiveCourier>();
  const courierOf: CourierLookup = (id) => receivers.get(id) ?? model.couriers.get(id);
  const lateOf = new Map(moving.map((stop, i) => [stop.id, lateBefore[i]!]));
  const dueBy = (unit: readonly LiveStop[]) => Math.min(...unit.map((stop) => stop.windowEnd));
  const order = orderUnits(moving)
    .map((unit, i) => ({ unit, i }))
    .sort((a, b) => dueBy(a.unit) - dueBy(b.unit) || a.i - b.i);
  const moves: SpreadMove[] = [];
  const madeLate = new Map<number, LiveStop>();
  for (const { unit } of order) {
    const unitLate = unit.map((stop) => lateOf.get(stop.id)!);
    // The index still files receivers where they were; they are near the stops they took anyway.
    const [best] = scoreNear(
      unit[0]!,
      unit,
      unitLate,
      model,
      options,
      query,
      0,
      courierOf,
      examined,
    );
    if (!best) continue;
    const receiver = best.candidate.courier;
    let route = receiver.route;
    unit.forEach((stop, k) => {
      const at = best.outcome.insertPositions[k]! - 1;
      const placed: LiveStop = { ...stop, courierId: receiver.id, status: 'assigned' };
      route = [...route.slice(0, at), placed, ...route.slice(at)];
      moves.push({
        stop,
        stopId: stop.id,
        toCourierId: receiver.id,
        insertPosition: best.outcome.insertPositions[k]!,
        lateBeforeSeconds: unitLate[k]!,
        // The unit's added time, counted once.
        addedSeconds: k === 0 ? best.outcome.addedSeconds : 0,
      });
    });
    const demand = unit.reduce((sum, stop) => sum + stop.demand, 0);
    receivers.set(receiver.id, { ...receiver, load: receiver.load + demand, route });
    for (const late of best.outcome.madeLate) madeLate.set(late.id, late);
  }
  if (moves.length === 0) return null;
  for (const move of moves) madeLate.delete(move.stopId);
  return { moves, receivers, madeLate };
}

/** The stalled courier, why, and the stops it had. */
export interface SpreadContext extends MoveContext {
  from: LiveCourier;
  fromReason: string;
}

/** The spread as one proposal, timed on the receivers' final routes. */
export function spreadProposal(
  context: SpreadContext,
  spread: Spread,
  model: LiveModel,
  options: SuggestOptions,
): Proposal {
  const movedIds = new Set(spread.moves.map((move) => move.stopId));
  const arrivalOf = new Map<number, { arrival: number; late: number }>();
  const summaries: ReceiverSummary[] = [];
  for (const receiver of spread.receivers.values()) {
    const final = buildCandidateRoute(
      receiver,
      [],
      context.now,
      options.provider,
      0,
      options.windowMarginMinutes * 60,
    );
    if (!final) continue;
    const { route, stopOfNode, workingEnd } = final;
    const p = route.problem;
    let onTime = 0;
    let late = 0;
    let madeLate: LiveStop[] = [];
    for (let pos = 1; pos <= route.stopCount; pos++) {
      const node = route.nodes[pos]!;
      const stop = stopOfNode[node]!;
      const arrival =
        route.departure[pos - 1]! + p.travel[route.nodes[pos - 1]! * p.nodeCount + node]!;
      const lateBy = Math.max(0, arrival - workingEnd[node]!);
      if (movedIds.has(stop.id)) arrivalOf.set(stop.id, { arrival, late: lateBy });
      else if (spread.madeLate.has(stop.id)) madeLate = [...madeLate, stop];
      else if (lateBy > TIME_EPSILON) late++;
      else onTime++;
    }
    summaries.push({
      courierId: receiver.id,
      otherOnTime: onTime,
      otherAlreadyLate: late,
      madeLate,
    });
  }
  const moves = spread.moves;
  const lines: MovedStopLine[] = moves.map((move) => {
    const timing = arrivalOf.get(move.stopId)!;
    return {
      stop: move.stop,
      arriveAt: Math.round(context.now + timing.arrival * 1000),
      lateBeforeMinutes: move.lateBeforeSeconds / 60,
      lateAfterMinutes: timing.late / 60,
    };
  });
  const removedMinutes = lines.reduce(
    (sum, l) => sum + l.lateBeforeMinutes - l.lateAfterMinutes,
    0,
  );
  const addedMinutes = moves.reduce((sum, move) => sum + move.addedSeconds, 0) / 60;
  const score =
    removedMinutes -
    options.addedMinuteWeight * addedMinutes -
    options.madeLatePenalty * spread.madeLate.size;
  const explanation = explainSpread(
    {
      fromCourierId: context.from.id,
      fromReason: context.fromReason,
      moves: moves.map((move, i) => ({
        toCourierId: move.toCourierId,
        insertPosition: move.insertPosition,
        line: lines[i]!,
      })),
      kept: context.moving.filter((stop) => !movedIds.has(stop.id)),
      receivers: summaries,
      addedMinutes,
    },
    options,
  );
  return {
    kind: context.kind,
    stopIds: moves.map((move) => move.stopId),
    fromCourierId: context.from.id,
    toCourierId: moves[0]!.toCourierId,
    insertPosition: moves[0]!.insertPosition,
    moves: moves.map(({ stopId, toCourierId, insertPosition }) => ({
      stopId,
      toCourierId,
      insertPosition,
    })),
    routeVersions: routeVersions([
      context.from,
      ...[...spread.receivers.keys()].map((id) => model.couriers.get(id) ?? null),
    ]),
    score,
    explanation,
    effect: {
      latenessRemovedMinutes: tenths(removedMinutes),
      addedMinutes: tenths(addedMinutes),
      otherStopsOnTime: summaries.reduce((sum, s) => sum + s.otherOnTime, 0),
      otherStopsMadeLate: [...spread.madeLate.keys()],
      arrivals: lines.map((line) => ({ stopId: line.stop.id, arriveAt: line.arriveAt })),
    },
    candidatesExamined: context.candidatesExamined,
  };
}
