import { describe, expect, it } from 'vitest';
import { VEHICLE_SPEED_MPS, haversineMeters } from '@dispatch/shared';
import { LearnedSpeedProvider } from '../../eta/learned-speed-provider';
import type { Proposal, Trigger } from './proposal';
import { proposeFor, suggestFor } from './propose';
import { randomCity } from '../../../../test/factories/random-city';

const CENTER = { lat: -20.46, lng: -54.6 };

/**
 * Travel times unlike the straight-line screen's: the learned-speed provider over a city whose
 * centre (within 4 km) moves at 70% of the vehicle priors and whose outskirts move at 115%,
 * so the screen misjudges and the real provider has to decide.
 */
const provider = new LearnedSpeedProvider({
  priorSpeedMps: (vehicle) => VEHICLE_SPEED_MPS[vehicle],
  ratioAt: (lat, lng) => (haversineMeters(lat, lng, CENTER.lat, CENTER.lng) < 4000 ? 0.7 : 1.15),
});

/** The same best move: same courier and place, or an equally good one. */
function sameBest(a: Proposal | undefined, b: Proposal | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.toCourierId === b.toCourierId && a.insertPosition === b.insertPosition) return true;
  return Math.abs(a.score - b.score) <= 1e-9;
}

describe('the H3 candidate search', () => {
  it(
    'finds the brute-force best proposal in at least 95% of random cities, examining a small share of couriers',
    { timeout: 300_000 },
    () => {
      // 50 cities of 300–2000 couriers, 4 stops asked about in each: 2 new, 2 late.
      const cities = 50;
      const stopsPerCity = 4;
      const cases = cities * stopsPerCity;
      let agreed = 0;
      let examinedShare = 0;
      for (let seed = 1; seed <= cities; seed++) {
        const city = randomCity({
          seed,
          couriers: 300 + ((seed * 389) % 1701),
          stopsPerCourier: 4,
        });
        for (let q = 0; q < stopsPerCity; q++) {
          const stop = q % 2 === 0 ? city.newStop() : city.lateStop();
          const trigger: Trigger =
            stop.status === 'unassigned'
              ? { kind: 'unassigned', stopId: stop.id }
              : { kind: 'late_risk', stopId: stop.id };
          const viaH3 = suggestFor(trigger, city.model, { provider });
          const [viaAll] = proposeFor(trigger, city.model, { provider, candidateSearch: 'all' });
          if (sameBest(viaH3.proposals[0], viaAll)) agreed++;
          examinedShare += viaH3.candidatesExamined / city.model.couriers.size;
        }
      }
      const agreement = agreed / cases;
      const meanShare = examinedShare / cases;
      console.log(
        `H3 vs brute force over ${cases} stops in ${cities} random cities: best proposal agrees in ${(agreement * 100).toFixed(1)}%, ` +
          `couriers examined ${(meanShare * 100).toFixed(2)}% of the fleet on average`,
      );
      expect(agreement).toBeGreaterThanOrEqual(0.95);
      expect(meanShare).toBeLessThan(0.1);
    },
  );
});
