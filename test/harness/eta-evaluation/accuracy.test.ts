import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateEtaAccuracy, type EtaAccuracyReport } from './accuracy';
import { gridNetwork } from '../../../server/src/streets/grid';

function byProvider(
  report: EtaAccuracyReport,
  name: string,
): EtaAccuracyReport['providers'][number] {
  const found = report.providers.find((p) => p.provider === name);
  if (!found) throw new Error(`no ${name} provider in the report`);
  return found;
}

describe('evaluateEtaAccuracy', () => {
  let report: EtaAccuracyReport;
  beforeAll(() => {
    // Twenty couriers for three hours (one of warm-up) in a city with slow zones and rush hours.
    report = evaluateEtaAccuracy({ seed: 1, couriers: 20, hours: 3 });
  });

  it('scores every provider on the same arrivals after the warm-up', () => {
    expect(report.arrivals).toBeGreaterThan(100);
    expect(report.providers.map((p) => p.provider)).toEqual(['constant', 'learned']);
    for (const p of report.providers) expect(p.count).toBe(report.arrivals);
    expect(report.learnedEntries).toBeGreaterThan(0);
  });

  it('predicts arrivals 15 minutes out better with learned speeds than at constant speed', () => {
    const constant = byProvider(report, 'constant');
    const learned = byProvider(report, 'learned');
    expect(learned.maeSeconds).toBeGreaterThan(0);
    expect(Number.isFinite(learned.maeSeconds)).toBe(true);
    expect(learned.maeSeconds).toBeLessThan(constant.maeSeconds);
  });

  it('orders the error statistics sensibly', () => {
    for (const p of report.providers) {
      expect(p.medianAbsSeconds).toBeLessThanOrEqual(p.p90AbsSeconds);
      expect(Math.abs(p.biasSeconds)).toBeLessThanOrEqual(p.maeSeconds);
    }
  });

  it('scores the road-graph provider too when given a network', () => {
    const network = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 3000 });
    const small = evaluateEtaAccuracy({ seed: 2, couriers: 4, hours: 1.5, network });
    expect(small.providers.map((p) => p.provider)).toEqual(['constant', 'learned', 'road_graph']);
    expect(byProvider(small, 'road_graph').count).toBe(small.arrivals);
  });

  it('gives the same report for the same seed', () => {
    const options = { seed: 5, couriers: 3, hours: 1.5 };
    expect(evaluateEtaAccuracy(options)).toEqual(evaluateEtaAccuracy(options));
  });

  it('needs more hours than the warm-up', () => {
    expect(() => evaluateEtaAccuracy({ seed: 1, couriers: 1, hours: 1 })).toThrow(RangeError);
  });
});
