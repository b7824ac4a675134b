import { VEHICLES, type Vehicle } from '@dispatch/shared';

export const DAY_WORLDS = ['plain', 'traffic'] as const;
export type DayWorld = (typeof DAY_WORLDS)[number];

/** What a simulated delivery day looks like and how hard it is disrupted. */
export interface DayOptions {
  seed: number;
  couriers: number;
  stops: number;
  /** Length of the shift, and of the span the stop windows fall in. */
  hours: number;
  /** Expected stalls per courier per hour (held where it is, phone on, 5–20 min). */
  stallRatePerHour: number;
  /** Expected breakdowns per courier per hour (held where it is, phone off, 45–120 min). */
  breakdownRatePerHour: number;
  /**
   * The streets the couriers drive: `traffic` is the simulator's world (speeds by road class,
   * street and time of day, corridor incidents, junction delays; couriers' detours and parking
   * walks); `plain` drives every courier at its own pace along the fastest path by road class.
   */
  world: DayWorld;
  /**
   * Every courier drives this vehicle: the routing core plans over one travel-time matrix, so a
   * mixed fleet could not be planned exactly.
   */
  vehicle: Vehicle;
  /** Ruin-and-recreate rounds per plan (a round count, not a time budget, keeps runs repeatable). */
  planIterations: number;
  /** Half the side of the generated street grid. */
  cityRadiusMeters: number;
  /** Hours a courier may keep driving past the shift end to finish its route. */
  overtimeHours: number;
}

export const DEFAULT_DAY_OPTIONS: DayOptions = {
  seed: 1,
  couriers: 40,
  stops: 600,
  hours: 8,
  stallRatePerHour: 0.3,
  breakdownRatePerHour: 0.1,
  world: 'traffic',
  vehicle: 'car',
  planIterations: 20_000,
  cityRadiusMeters: 4_000,
  overtimeHours: 4,
};

/** The defaults with the given values, checked. */
export function dayOptions(overrides: Partial<DayOptions> = {}): DayOptions {
  const options = { ...DEFAULT_DAY_OPTIONS, ...definedOnly(overrides) };
  const positive = ['couriers', 'stops', 'hours', 'cityRadiusMeters'] as const;
  for (const key of positive) {
    if (!(options[key] > 0)) throw new RangeError(`${key} must be a positive number`);
  }
  const nonNegative = [
    'stallRatePerHour',
    'breakdownRatePerHour',
    'planIterations',
    'overtimeHours',
  ] as const;
  for (const key of nonNegative) {
    if (!(options[key] >= 0)) throw new RangeError(`${key} must be zero or more`);
  }
  if (!Number.isInteger(options.couriers) || !Number.isInteger(options.stops)) {
    throw new RangeError('couriers and stops must be whole numbers');
  }
  if (!DAY_WORLDS.includes(options.world)) {
    throw new RangeError(`world must be one of ${DAY_WORLDS.join(', ')}`);
  }
  if (!VEHICLES.includes(options.vehicle)) {
    throw new RangeError(`vehicle must be one of ${VEHICLES.join(', ')}`);
  }
  return options;
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
