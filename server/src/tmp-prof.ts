import { LearnedSpeedProvider, LearnedSpeeds } from './eta/index';
import { suggestFor, clockFormatter, buildLiveModel } from './dispatch/suggest/index';
import { randomCity } from './dispatch/suggest/random-city';
const provider = new LearnedSpeedProvider(new LearnedSpeeds());
const city = randomCity({ couriers: 10000, seed: 1, stopsPerCourier: 5 } as never);
const model = city.model;
const t0 = performance.now();
buildLiveModel(model.now, [...model.couriers.values()]);
console.log('build', (performance.now() - t0).toFixed(0), 'ms');
const opts = { provider, nameOf: (id: number) => `c${id}`, formatClock: clockFormatter('UTC') };
const times: number[] = [];
let n = 0;
for (const c of model.couriers.values()) {
  if (c.route.length < 4) continue;
  const t = performance.now();
  suggestFor({ kind: 'offline', courierId: c.id, since: model.now - 300000 }, model, opts);
  times.push(performance.now() - t);
  if (++n >= 40) break;
}
times.sort((a, b) => a - b);
console.log(
  'offline suggest ms p50',
  times[20]!.toFixed(1),
  'p90',
  times[36]!.toFixed(1),
  'max',
  times.at(-1)!.toFixed(1),
);
