import fc from 'fast-check';

/**
 * How a fuzz run is seeded and sized, from the environment:
 * - `FUZZ_SEED`: the base seed (an integer). Each property's own seed is derived from it and the
 *   property's name, so one base seed replays every property of a run. Random when unset.
 * - `FUZZ_RUNS`: a factor on every property's number of cases (`0.1` for a quick look, `10` for a
 *   long night). 1 when unset.
 * - `FUZZ_PATH`: fast-check's counterexample path, printed with a failure; replays that one case
 *   when given with its property's base seed (select the property with `-t`).
 */
export interface FuzzSettings {
  baseSeed: number;
  scale: number;
  path: string | undefined;
}

/** Reads the settings; throws naming a malformed variable rather than fuzzing something else. */
export function fuzzSettings(env: Record<string, string | undefined>): FuzzSettings {
  const seedText = env.FUZZ_SEED?.trim();
  const baseSeed = seedText ? Number(seedText) : Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isSafeInteger(baseSeed)) throw new Error(`FUZZ_SEED must be an integer: ${seedText}`);
  const scaleText = env.FUZZ_RUNS?.trim();
  const scale = scaleText ? Number(scaleText) : 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`FUZZ_RUNS must be a positive number: ${scaleText}`);
  return { baseSeed, scale, path: env.FUZZ_PATH?.trim() || undefined };
}

export const FUZZ = fuzzSettings(process.env);

/** A property's seed: the base seed mixed with its name (FNV-1a), a 32-bit integer. */
export function propertySeed(baseSeed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (baseSeed | 0) ^ Math.floor(baseSeed / 2 ** 32);
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** The number of cases of a property whose default is `defaultRuns`, scaled by `FUZZ_RUNS`. */
export function scaledRuns(defaultRuns: number, settings: FuzzSettings = FUZZ): number {
  return Math.max(1, Math.round(defaultRuns * settings.scale));
}

interface SurfaceCount {
  cases: number;
  accepted: number;
  refused: number;
  ms: number;
}

/** Cases per surface (accepted or refused), printed as a table at the end of a file. */
export class CaseTally {
  private readonly surfaces = new Map<string, SurfaceCount>();
  private readonly operations = new Map<string, { cases: number; ms: number }>();

  /** Notes the time one request to `operation` took (for the slowest-operations line). */
  timeOperation(operation: string, ms: number): void {
    const row = this.operations.get(operation) ?? { cases: 0, ms: 0 };
    row.cases++;
    row.ms += ms;
    this.operations.set(operation, row);
  }

  /** The operations that took the most time in all, with their case counts. */
  slowest(n = 5): string {
    return [...this.operations]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, n)
      .map(([op, r]) => `${op}: ${r.cases} cases, ${(r.ms / 1000).toFixed(1)} s`)
      .join('\n');
  }

  /** Counts one case of `surface`. */
  count(surface: string, outcome: 'accepted' | 'refused'): void {
    this.row(surface)[outcome]++;
    this.row(surface).cases++;
  }

  /** Adds the wall time of one property run to its surface. */
  addTime(surface: string, ms: number): void {
    this.row(surface).ms += ms;
  }

  total(): number {
    let sum = 0;
    for (const row of this.surfaces.values()) sum += row.cases;
    return sum;
  }

  cases(surface: string): number {
    return this.surfaces.get(surface)?.cases ?? 0;
  }

  /** The table: one line per surface, then the total. */
  table(): string {
    const lines = ['surface | cases | accepted | refused | seconds'];
    for (const [name, r] of this.surfaces)
      lines.push(
        `${name} | ${r.cases} | ${r.accepted} | ${r.refused} | ${(r.ms / 1000).toFixed(1)}`,
      );
    lines.push(`total | ${this.total()} | | |`);
    return lines.join('\n');
  }

  private row(surface: string): SurfaceCount {
    let r = this.surfaces.get(surface);
    if (!r) {
      r = { cases: 0, accepted: 0, refused: 0, ms: 0 };
      this.surfaces.set(surface, r);
    }
    return r;
  }
}

/**
 * Runs one property with its derived seed, printing the seed first so a failure can be replayed
 * (`FUZZ_SEED=<base> … -t '<surface>'`), and adds its time to the tally.
 */
export async function fuzz<Ts extends [unknown, ...unknown[]]>(
  tally: CaseTally,
  surface: string,
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  defaultRuns: number,
): Promise<void> {
  const seed = propertySeed(FUZZ.baseSeed, surface);
  const numRuns = scaledRuns(defaultRuns);
  console.log(`[fuzz] ${surface}: seed ${seed} (FUZZ_SEED=${FUZZ.baseSeed}), ${numRuns} runs`);
  const started = performance.now();
  try {
    await fc.assert(property as fc.IAsyncProperty<Ts>, {
      seed,
      numRuns,
      ...(FUZZ.path ? { path: FUZZ.path } : {}),
    });
  } finally {
    tally.addTime(surface, performance.now() - started);
  }
}
