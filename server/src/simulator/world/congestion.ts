import type { RoadGroup } from './street-keys';

/** One rush: a dip in speed centred on a local hour. */
interface Rush {
  /** Local hour of the worst moment. */
  centreHour: number;
  /** Standard deviation of the dip, hours. */
  spreadHours: number;
  /** Share of the free-flow speed lost at the worst moment. */
  depth: number;
}

/**
 * Rushes per road group. Arterials take the commute: a sharp morning peak and a longer, deeper
 * evening one. Collectors follow them, softer. Local streets see the school run early and a
 * broad, shallow afternoon: their shape is not the arterials' scaled down.
 */
export const RUSHES: Record<RoadGroup, readonly Rush[]> = {
  arterial: [
    { centreHour: 7.6, spreadHours: 0.75, depth: 0.55 },
    { centreHour: 12.4, spreadHours: 0.8, depth: 0.2 },
    { centreHour: 18.1, spreadHours: 1.1, depth: 0.6 },
  ],
  collector: [
    { centreHour: 7.8, spreadHours: 0.8, depth: 0.35 },
    { centreHour: 12.3, spreadHours: 0.9, depth: 0.15 },
    { centreHour: 17.9, spreadHours: 1.2, depth: 0.4 },
  ],
  local: [
    { centreHour: 7.3, spreadHours: 0.5, depth: 0.12 },
    { centreHour: 12.0, spreadHours: 1.2, depth: 0.08 },
    { centreHour: 16.8, spreadHours: 1.6, depth: 0.14 },
  ],
};

/**
 * Share of free-flow speed lost to congestion at a local hour (0..24, fractional), 0 at night.
 * A sum of smooth dips, so speed changes continuously through the day; capped at 0.8.
 */
export function congestionLoss(group: RoadGroup, localHour: number): number {
  let loss = 0;
  for (const rush of RUSHES[group]) {
    // Distance on the 24-hour circle, so a rush near midnight would wrap.
    const d = Math.abs(localHour - rush.centreHour);
    const hours = Math.min(d, 24 - d);
    loss += rush.depth * Math.exp(-(hours * hours) / (2 * rush.spreadHours * rush.spreadHours));
  }
  return Math.min(0.8, loss);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Local hour of the day (0..24, fractional) at an instant. */
export function localHourOf(epochMs: number, utcOffsetMinutes: number): number {
  const localMs = (((epochMs + utcOffsetMinutes * 60_000) % DAY_MS) + DAY_MS) % DAY_MS;
  return localMs / HOUR_MS;
}
