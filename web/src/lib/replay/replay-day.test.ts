import { describe, expect, it } from 'vitest';
import { encodeReplayEvents, encodeReplayTrack, type Replay } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import {
  courierPointsAt,
  replayBounds,
  replayDay,
  replayNames,
  stopPointsAt,
  trailsAt,
} from './replay-day';

const FROM = Date.UTC(2025, 0, 15, 4);
const MIN = 60_000;

const replay: Replay = {
  hubId: 1,
  courierId: null,
  timezone: 'America/Campo_Grande',
  from: FROM,
  to: FROM + 24 * 60 * MIN,
  sampleSeconds: 20,
  couriers: [
    { id: 1, name: 'Ana', vehicle: 'bike' },
    { id: 2, name: 'Ben', vehicle: 'car' },
  ],
  tracks: [
    encodeReplayTrack(
      1,
      [
        { t: FROM + 60 * MIN, lat: -20.46, lng: -54.61 },
        { t: FROM + 61 * MIN, lat: -20.45, lng: -54.6 },
      ],
      FROM,
    ),
  ],
  stops: [
    {
      id: 9,
      label: 'A-9',
      kind: 'delivery',
      address: '9 Main St',
      lat: -20.44,
      lng: -54.62,
      windowStart: FROM,
      windowEnd: FROM + 120 * MIN,
    },
  ],
  events: encodeReplayEvents(
    [
      {
        at: FROM + 90 * MIN,
        kind: 'stop.delivered',
        courierId: 1,
        stopId: 9,
        subjectId: null,
        otherCourierId: null,
        note: '',
      },
    ],
    FROM,
  ),
  routes: [],
};

describe('replayDay', () => {
  const day = replayDay(replay);

  it('puts each courier where it was, between its fixes', () => {
    const [ana] = courierPointsAt(day, FROM + 60.5 * MIN).features;
    expect(ana!.properties).toMatchObject({ courierId: 1, name: 'Ana', ageS: 30 });
    expect(ana!.geometry.coordinates[1]).toBeCloseTo(-20.455, 6);
    expect(courierPointsAt(day, FROM + 30 * MIN).features).toEqual([]);
  });

  it('draws the trail behind a courier', () => {
    const [trail] = trailsAt(day, FROM + 61 * MIN).features;
    expect(trail!.geometry.coordinates).toEqual([
      [-54.61, -20.46],
      [-54.6, -20.45],
    ]);
  });

  it('colours the stops by their state at the moment', () => {
    const state = (t: number) => stopPointsAt(day, t).features[0]!.properties.state;
    expect(state(FROM + 80 * MIN)).toBe('waiting');
    expect(state(FROM + 95 * MIN)).toBe('delivered');
  });

  it('names an order’s pickup apart from its drop-off', () => {
    const both = replayDay({
      ...replay,
      stops: [
        { ...replay.stops[0]!, id: 1, kind: 'pickup' },
        { ...replay.stops[0]!, id: 2 },
      ],
    });
    const names = replayNames(both, translator('en', en, en));
    expect([names.stop(1), names.stop(2), names.stop(3)]).toEqual([
      'A-9 (pickup)',
      'A-9',
      'a stop',
    ]);
    expect(names.courier(2)).toBe('Ben');
    const nomes = replayNames(both, translator('pt-BR', ptBR, en));
    expect([nomes.stop(1), nomes.stop(3), nomes.courier(99)]).toEqual([
      'A-9 (coleta)',
      'uma parada',
      'outro entregador',
    ]);
  });

  it('frames every fix and stop', () => {
    expect(replayBounds(day)).toEqual([-54.62, -20.46, -54.6, -20.44]);
  });
});
