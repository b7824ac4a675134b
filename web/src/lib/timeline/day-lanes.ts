import { VEHICLE_SPEED_MPS, type Courier, type Stop, type StopStatus } from '@dispatch/shared';
import { chainArrivals, slaVerdict, type SlaState } from '../state/route-timeline';

/** Stops drawn on the day view: the ones still on a route. */
export const LANE_STATUSES: readonly StopStatus[] = ['assigned', 'en_route', 'arrived'];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** One stop on a lane: when the courier gets there, serves it and leaves. */
export interface DayBlock {
  stop: Stop;
  /** 1-based place on the courier's open route. */
  position: number;
  arrival: number;
  /** Service start (arrival, or the window start when early) and end, epoch ms. */
  start: number;
  end: number;
  /** The arrival is the console's own estimate, not the server's ETA. */
  estimated: boolean;
  state: SlaState;
  /** Minutes after the window end, when late. */
  minutesLate: number;
}

/** One courier's lane: its stops in visiting order and how late the route runs. */
export interface DayLane {
  courierId: number;
  name: string;
  routeVersion: number;
  blocks: DayBlock[];
  lateMinutes: number;
  lateStops: number;
}

/**
 * A lane per active courier with its open stops at their arrival times (the server's ETA, else
 * a straight-line estimate chained from the courier's last position, else the window start),
 * most late minutes first, then most late stops, then by name.
 */
export function dayLanes(
  couriers: readonly Courier[],
  stops: readonly Stop[],
  now: number,
): DayLane[] {
  const byCourier = new Map<number, Stop[]>();
  for (const stop of stops) {
    if (stop.courierId === null || !LANE_STATUSES.includes(stop.status)) continue;
    const route = byCourier.get(stop.courierId) ?? [];
    route.push(stop);
    byCourier.set(stop.courierId, route);
  }
  const lanes = couriers
    .filter((c) => c.active)
    .map((courier) => lane(courier, byCourier.get(courier.id) ?? [], now));
  return lanes.sort(
    (a, b) =>
      b.lateMinutes - a.lateMinutes || b.lateStops - a.lateStops || a.name.localeCompare(b.name),
  );
}

function lane(courier: Courier, route: Stop[], now: number): DayLane {
  route.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.id - b.id);
  const arrivals = chainArrivals(
    route.map((s) => ({ ...s, seq: s.sequence ?? 0 })),
    { now, origin: courier.lastFix, speedMps: VEHICLE_SPEED_MPS[courier.vehicle] },
  );
  let lateMinutes = 0;
  let lateStops = 0;
  const blocks = route.map((stop, i): DayBlock => {
    const chained = arrivals[i] ?? null;
    const arrival = chained ?? Math.max(now, stop.windowStart);
    const start = Math.max(arrival, stop.windowStart);
    const verdict = slaVerdict(stop, arrival, now);
    const minutesLate = verdict.state === 'late' ? (verdict.minutesLate ?? 0) : 0;
    if (verdict.state === 'late') {
      lateStops++;
      lateMinutes += minutesLate;
    }
    return {
      stop,
      position: i + 1,
      arrival,
      start,
      end: start + stop.serviceSeconds * 1000,
      estimated: stop.eta === null && stop.status !== 'arrived',
      state: verdict.state,
      minutesLate,
    };
  });
  return {
    courierId: courier.id,
    name: courier.name,
    routeVersion: courier.routeVersion,
    blocks,
    lateMinutes,
    lateStops,
  };
}

/** The hours the view spans: whole hours around every block and now, at most a day. */
export function dayRange(lanes: readonly DayLane[], now: number): { from: number; to: number } {
  let from = now - HOUR_MS / 2;
  let to = now + HOUR_MS;
  for (const lane of lanes) {
    for (const block of lane.blocks) {
      from = Math.min(from, block.arrival, block.stop.windowStart);
      to = Math.max(to, block.end, block.stop.windowEnd);
    }
  }
  from = Math.max(from, now - 12 * HOUR_MS);
  to = Math.min(to, from + 24 * HOUR_MS);
  return { from: Math.floor(from / HOUR_MS) * HOUR_MS, to: Math.ceil(to / HOUR_MS) * HOUR_MS };
}

/** Each whole hour from `from` to `to`. */
export function hourTicks(range: { from: number; to: number }): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(range.from / HOUR_MS) * HOUR_MS; t <= range.to; t += HOUR_MS)
    ticks.push(t);
  return ticks;
}

/**
 * The 1-based position stops dropped at `time` take on a lane: after every block (other than
 * the moving ones) whose middle comes before it.
 */
export function dropPosition(lane: DayLane, time: number, movingIds: ReadonlySet<number>): number {
  let before = 0;
  for (const block of lane.blocks) {
    if (movingIds.has(block.stop.id)) continue;
    if ((block.start + block.end) / 2 < time) before++;
  }
  return before + 1;
}

/** Whether dropping there leaves the stops where they are (same lane, same place). */
export function isSamePlace(
  lane: DayLane,
  position: number,
  movingIds: ReadonlySet<number>,
): boolean {
  const first = lane.blocks.findIndex((b) => movingIds.has(b.stop.id));
  if (first < 0) return false;
  const before = lane.blocks.slice(0, first).filter((b) => !movingIds.has(b.stop.id)).length;
  return before + 1 === position;
}

/** The rows `first` (inclusive) to `last` (exclusive) in view, with a few more either side. */
export function visibleWindow(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  total: number,
  overscan = 4,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  return { first, last };
}
