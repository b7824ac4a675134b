import type { ReplayRoute, ReplayRouteStop } from '@dispatch/shared';

/** A stop put on a courier's route (by a plan, an import onto the route, or a move). */
export interface Placement {
  stopId: number;
  /** Epoch ms. */
  at: number;
  courierId: number;
  /** Place on the route when it was put there, if recorded. */
  sequence: number | null;
  /** Arrival the plan predicted, if recorded. */
  plannedEta: number | null;
  /** A plan or an import onto the route (what the day was meant to be), not a later move. */
  byPlan: boolean;
}

/** A courier's report at a stop. */
export interface Visit {
  stopId: number;
  courierId: number;
  /** Epoch ms. */
  at: number;
  outcome: 'arrived' | 'delivered' | 'failed';
}

interface Plan {
  courierId: number;
  at: number;
  sequence: number | null;
  plannedEta: number | null;
}

interface Finish {
  courierId: number;
  arrivedAt: number;
  completedAt: number;
  outcome: 'delivered' | 'failed';
}

/**
 * Each stop's plan: the last plan placement before the window (the plan the day started with),
 * else the first one inside it. Placements sorted by time.
 */
export function plannedPlacements(
  placements: readonly Placement[],
  from: number,
): Map<number, Plan> {
  const plans = new Map<number, Plan>();
  for (const p of placements) {
    if (!p.byPlan) continue;
    // Before the window each later plan replaces the earlier; inside it the first one stays.
    if (p.at < from || !plans.has(p.stopId)) {
      plans.set(p.stopId, {
        courierId: p.courierId,
        at: p.at,
        sequence: p.sequence,
        plannedEta: p.plannedEta,
      });
    }
  }
  return plans;
}

/** Each stop's last delivery or failed attempt, with the arrival before it by the same courier. */
function finishes(visits: readonly Visit[]): Map<number, Finish> {
  const arrived = new Map<string, number>();
  const done = new Map<number, Finish>();
  for (const v of [...visits].sort((a, b) => a.at - b.at)) {
    const key = `${v.stopId}:${v.courierId}`;
    if (v.outcome === 'arrived') {
      arrived.set(key, v.at);
      continue;
    }
    done.set(v.stopId, {
      courierId: v.courierId,
      arrivedAt: Math.min(arrived.get(key) ?? v.at, v.at),
      completedAt: v.at,
      outcome: v.outcome,
    });
    arrived.delete(key);
  }
  return done;
}

/**
 * Planned versus actual per courier: its planned stops in planned order (by planned arrival,
 * else when and where they were placed) with what became of each, then the stops it finished
 * that were not planned for it. `actualSeq` numbers the stops each courier finished, in the
 * order it finished them. Couriers with nothing planned or finished are left out.
 */
export function plannedVsActual(input: {
  placements: readonly Placement[];
  visits: readonly Visit[];
  from: number;
  courierIds: readonly number[];
}): ReplayRoute[] {
  const sorted = [...input.placements].sort((a, b) => a.at - b.at);
  const plans = plannedPlacements(sorted, input.from);
  const holder = new Map<number, number>();
  for (const p of sorted) holder.set(p.stopId, p.courierId);
  const done = finishes(input.visits);

  const routes: ReplayRoute[] = [];
  for (const courierId of input.courierIds) {
    const finished = [...done]
      .filter(([, f]) => f.courierId === courierId)
      .sort(([, a], [, b]) => a.completedAt - b.completedAt);
    const actualSeq = new Map(finished.map(([stopId], i) => [stopId, i + 1]));
    const planned = [...plans]
      .filter(([, p]) => p.courierId === courierId)
      .sort(([, a], [, b]) => plannedKey(a) - plannedKey(b) || a.at - b.at || seq(a) - seq(b));
    const rows: ReplayRouteStop[] = planned.map(([stopId, plan], i) => {
      const finish = done.get(stopId);
      const mine = finish?.courierId === courierId;
      const now = finish?.courierId ?? holder.get(stopId) ?? courierId;
      return {
        stopId,
        plannedSeq: i + 1,
        plannedEta: plan.plannedEta,
        actualSeq: mine ? actualSeq.get(stopId)! : null,
        arrivedAt: mine ? finish.arrivedAt : null,
        completedAt: mine ? finish.completedAt : null,
        outcome: mine ? finish.outcome : now !== courierId ? 'moved' : 'open',
        movedTo: !mine && now !== courierId ? now : null,
      };
    });
    const plannedHere = new Set(planned.map(([stopId]) => stopId));
    for (const [stopId, finish] of finished) {
      if (plannedHere.has(stopId)) continue;
      rows.push({
        stopId,
        plannedSeq: null,
        plannedEta: null,
        actualSeq: actualSeq.get(stopId)!,
        arrivedAt: finish.arrivedAt,
        completedAt: finish.completedAt,
        outcome: finish.outcome,
        movedTo: null,
      });
    }
    if (rows.length > 0) routes.push({ courierId, stops: rows });
  }
  return routes;
}

const plannedKey = (p: Plan) => p.plannedEta ?? p.at;
const seq = (p: Plan) => p.sequence ?? 0;

/** An event-log row as the placements and visits are read from. */
export interface PlacementEvent {
  at: number;
  kind: string;
  actorType: string;
  actorId: number | null;
  subjectId: number | null;
  data: Record<string, unknown>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A `stop.reassigned` or `stop.created` (onto a route) event as a placement, else null. */
export function placementOf(row: PlacementEvent): Placement | null {
  if (row.subjectId === null) return null;
  if (row.kind === 'stop.created') {
    const courierId = num(row.data.courierId);
    if (courierId === null) return null;
    const sequence = num(row.data.sequence);
    return {
      stopId: row.subjectId,
      at: row.at,
      courierId,
      sequence,
      plannedEta: null,
      byPlan: true,
    };
  }
  if (row.kind !== 'stop.reassigned') return null;
  const courierId = num(row.data.to);
  if (courierId === null) return null;
  return {
    stopId: row.subjectId,
    at: row.at,
    courierId,
    sequence: num(row.data.sequence),
    plannedEta: num(row.data.plannedEta),
    byPlan: row.data.reason === 'plan',
  };
}

const OUTCOMES: Record<string, Visit['outcome']> = {
  'stop.arrived': 'arrived',
  'stop.delivered': 'delivered',
  'stop.failed': 'failed',
};

/** A courier's `stop.arrived|delivered|failed` event as a visit (at the time it reported), else null. */
export function visitOf(row: PlacementEvent): Visit | null {
  const outcome = OUTCOMES[row.kind];
  if (!outcome || row.subjectId === null || row.actorType !== 'courier' || row.actorId === null)
    return null;
  return { stopId: row.subjectId, courierId: row.actorId, at: num(row.data.at) ?? row.at, outcome };
}
