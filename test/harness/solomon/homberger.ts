/**
 * The Gehring & Homberger extension of the Solomon benchmark (200–1000 customers, the same text
 * format): its best known records, its six classes, and the fleet the benchmark allows.
 */

/** One Gehring & Homberger record: fewest vehicles first, then distance. */
export interface HombergerRecord {
  vehicles: number;
  distance: number;
}

/**
 * `homberger_BKS.json` maps lower-case names (`c1_10_1`) to `{ solved_with_vehicles,
 * best_known_cost }`; entries without both numbers are skipped.
 */
export function readHombergerRecords(raw: unknown): Map<string, HombergerRecord> {
  const records = new Map<string, HombergerRecord>();
  if (typeof raw !== 'object' || raw === null) return records;
  for (const [name, entry] of Object.entries(raw)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { solved_with_vehicles: vehicles, best_known_cost: distance } = entry as Record<
      string,
      unknown
    >;
    if (typeof vehicles === 'number' && typeof distance === 'number')
      records.set(name.toLowerCase(), { vehicles, distance });
  }
  return records;
}

/** Share of vehicles allowed above the record's count: "the best known count + 10 %". */
export const FLEET_MARGIN = 0.1;

/** The most vehicles the benchmark gives the planner: ceil(1.1 × the record's vehicle count). */
export function allowedFleet(recordVehicles: number): number {
  // Rounded first so that 1.1 × 100 = 110.00000000000001 does not become 111.
  return Math.ceil(Math.round(recordVehicles * (1 + FLEET_MARGIN) * 1e6) / 1e6);
}

/** An instance's class, the letters and digit before the first `_` or number: `rc1_10_3` → `rc1`, `R101` → `R1`. */
export function instanceClass(name: string): string {
  return /^[a-z]+\d/i.exec(name)?.[0] ?? name;
}

/** The first `perClass` names of each class, in the order given. */
export function firstOfEachClass(names: readonly string[], perClass: number): string[] {
  const taken = new Map<string, number>();
  return names.filter((name) => {
    const family = instanceClass(name).toLowerCase();
    const count = taken.get(family) ?? 0;
    if (count >= perClass) return false;
    taken.set(family, count + 1);
    return true;
  });
}
