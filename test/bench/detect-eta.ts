import { existsSync } from 'node:fs';
import { evaluateEtaAccuracy, type EtaAccuracyReport } from '../harness/eta-evaluation/accuracy';
import { loadOsmNetwork } from '../../server/src/streets/osm';

export interface EtaBenchOptions {
  seed: number;
  couriers: number;
  hours: number;
  /** The Campo Grande OSM extract; skipped when the file is absent. */
  osmPath: string;
}

/** One street network's evaluation. */
export interface EtaBenchRun {
  network: string;
  report: EtaAccuracyReport | null;
  /** Why there is no report. */
  skipped?: string;
  elapsedMs: number;
}

/**
 * `evaluateEtaAccuracy` on the generated grid and, when the extract is present, on the Campo
 * Grande streets; every provider, the road graph included, is scored on both.
 */
export async function measureEtaAccuracy(options: EtaBenchOptions): Promise<EtaBenchRun[]> {
  const { seed, couriers, hours } = options;
  const runs: EtaBenchRun[] = [];
  let started = performance.now();
  const grid = evaluateEtaAccuracy({ seed, couriers, hours, roadGraph: true });
  runs.push({ network: 'generated grid', report: grid, elapsedMs: performance.now() - started });
  if (!existsSync(options.osmPath)) {
    runs.push({
      network: 'Campo Grande (OSM)',
      report: null,
      skipped: `${options.osmPath} is absent`,
      elapsedMs: 0,
    });
    return runs;
  }
  started = performance.now();
  const network = await loadOsmNetwork(options.osmPath);
  const osm = evaluateEtaAccuracy({ seed, couriers, hours, network });
  runs.push({ network: 'Campo Grande (OSM)', report: osm, elapsedMs: performance.now() - started });
  return runs;
}
