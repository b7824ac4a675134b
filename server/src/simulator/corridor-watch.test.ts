import { describe, expect, it } from 'vitest';
import { CorridorWatch } from './corridor-watch';
import type { CorridorIncident } from './world/types';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

function corridor(id: number, fromMin: number, toMin: number): CorridorIncident {
  const centre = { lat: -20.46, lng: -54.6 };
  return {
    id,
    centre,
    radiusMeters: 300,
    from: T0 + fromMin * MIN,
    to: T0 + toMin * MIN,
    factor: 0.4,
  };
}

/** A traffic whose corridor incidents are a fixed list, answered as the traffic does. */
function trafficWith(incidents: CorridorIncident[]) {
  return {
    corridorIncidents: (fromMs: number, toMs: number) =>
      incidents.filter((i) => i.from < toMs && i.to > fromMs),
  };
}

describe('CorridorWatch', () => {
  it('hands out each incident once, when it has ended', () => {
    const watch = new CorridorWatch(trafficWith([corridor(1, -10, 5), corridor(2, 3, 20)]), T0);
    expect(watch.ended(T0 + 4 * MIN)).toEqual([]);
    expect(watch.ended(T0 + 6 * MIN).map((i) => i.id)).toEqual([1]);
    expect(watch.ended(T0 + 19 * MIN)).toEqual([]);
    expect(watch.ended(T0 + 25 * MIN).map((i) => i.id)).toEqual([2]);
    expect(watch.ended(T0 + 40 * MIN)).toEqual([]);
  });

  it('catches an incident that started and ended between two looks', () => {
    const watch = new CorridorWatch(trafficWith([corridor(1, 2, 4)]), T0);
    expect(watch.ended(T0 + 10 * MIN).map((i) => i.id)).toEqual([1]);
  });

  it('ignores incidents over before the run started', () => {
    const watch = new CorridorWatch(trafficWith([corridor(1, -30, -5)]), T0);
    expect(watch.ended(T0 + 10 * MIN)).toEqual([]);
  });

  it('cuts what is still under way at the end, and hands out nothing after', () => {
    const watch = new CorridorWatch(trafficWith([corridor(1, 1, 3), corridor(2, 2, 60)]), T0);
    const end = T0 + 10 * MIN;
    const last = watch.interruptAll(end);
    expect(last.map((i) => [i.id, i.to])).toEqual([
      [1, T0 + 3 * MIN],
      [2, end],
    ]);
    expect(watch.ended(T0 + 90 * MIN)).toEqual([]);
  });
});
