import { couriers } from '../../server/src/db/schema';
import type { App } from '../../server/src/app';

/** A courier's live position as the bench moves it. */
export interface BenchCourier {
  id: number;
  lat: number;
  lng: number;
  headingDeg: number;
  speedMps: number;
}

/** One courier's fix as the naive baseline sends it: one JSON object per courier. */
export interface NaiveFix {
  id: number;
  lat: number;
  lng: number;
  t: number;
  speed: number;
  heading: number;
  status: string;
}

const METERS_PER_DEGREE = 111_320;

/**
 * Creates the hub (so the console centres on the city) and `count` couriers in one bulk insert
 * per chunk, registers them in the live fleet and scatters them over a square `spreadMeters`
 * across. Returns the couriers and how long the database part took.
 */
export async function seedBenchFleet(
  app: Pick<App, 'hubs' | 'db' | 'fleet'>,
  options: { count: number; center: { lat: number; lng: number }; spreadMeters: number },
): Promise<{ couriers: BenchCourier[]; seedMs: number }> {
  const started = performance.now();
  const hub = await app.hubs.create({ name: 'Bench hub', ...options.center }, { type: 'system' });
  const ids: number[] = [];
  const chunk = 1000;
  for (let from = 0; from < options.count; from += chunk) {
    const rows = Array.from({ length: Math.min(chunk, options.count - from) }, (_, i) => ({
      name: `Bench courier ${String(from + i + 1).padStart(5, '0')}`,
      vehicle: 'bike' as const,
      capacity: 10,
      hubId: hub.id,
      status: 'en_route' as const,
      // Shifts that cover the whole day, so no courier is hidden as off shift.
      shiftStartMinute: 0,
      shiftEndMinute: 0,
    }));
    const inserted = await app.db.orm.insert(couriers).values(rows).returning({ id: couriers.id });
    for (const r of inserted) ids.push(r.id);
  }
  const seedMs = performance.now() - started;
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) as number;
  const lngScale = METERS_PER_DEGREE * Math.cos((options.center.lat * Math.PI) / 180);
  const fleet = ids.map((id) => {
    app.fleet.upsertCourier(id, hub.id, 'en_route');
    return {
      id,
      lat: options.center.lat + ((random() - 0.5) * options.spreadMeters) / METERS_PER_DEGREE,
      lng: options.center.lng + ((random() - 0.5) * options.spreadMeters) / lngScale,
      headingDeg: random() * 360,
      speedMps: 3 + random() * 8,
    };
  });
  return { couriers: fleet, seedMs };
}

/**
 * Moves every courier once per `periodMs`, in `slices` evenly spaced slices (so fixes arrive
 * spread over the second as devices send them), writing each fix into the live fleet exactly as
 * ingest does and handing the same fixes to `onSlice` (the naive baseline). Returns a stop
 * function; also reports how far the driver falls behind its schedule.
 */
export function driveFleet(
  app: Pick<App, 'fleet'>,
  fleet: BenchCourier[],
  options: { periodMs: number; slices: number; onSlice: (fixes: NaiveFix[]) => void },
): { stop: () => void; lateMs: () => number } {
  const sliceSize = Math.ceil(fleet.length / options.slices);
  const sliceMs = options.periodMs / options.slices;
  let slice = 0;
  let worstLateMs = 0;
  const startedAt = Date.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const step = () => {
    const now = Date.now();
    const due = startedAt + slice * sliceMs;
    worstLateMs = Math.max(worstLateMs, now - due);
    const from = (slice % options.slices) * sliceSize;
    const fixes: NaiveFix[] = [];
    for (const c of fleet.slice(from, from + sliceSize)) {
      const meters = (c.speedMps * options.periodMs) / 1000;
      const rad = (c.headingDeg * Math.PI) / 180;
      c.lat += (Math.cos(rad) * meters) / METERS_PER_DEGREE;
      c.lng += (Math.sin(rad) * meters) / (METERS_PER_DEGREE * Math.cos((c.lat * Math.PI) / 180));
      c.headingDeg = (c.headingDeg + (Math.random() - 0.5) * 20 + 360) % 360;
      const fix = {
        t: now,
        lat: c.lat,
        lng: c.lng,
        speedMps: c.speedMps,
        heading: c.headingDeg,
        accuracyMeters: 5,
        battery: 0.8,
      };
      app.fleet.applyFix(c.id, fix, now);
      fixes.push({
        id: c.id,
        lat: c.lat,
        lng: c.lng,
        t: now,
        speed: c.speedMps,
        heading: c.headingDeg,
        status: 'en_route',
      });
    }
    options.onSlice(fixes);
    slice++;
    timer = setTimeout(step, Math.max(0, startedAt + slice * sliceMs - Date.now()));
  };
  step();
  return {
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    lateMs: () => worstLateMs,
  };
}
