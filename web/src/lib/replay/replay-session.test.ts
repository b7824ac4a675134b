import { describe, expect, it } from 'vitest';
import {
  encodeReplayEvents,
  encodeReplayTrack,
  type ConsoleUser,
  type Courier,
  type Hub,
  type Replay,
} from '@dispatch/shared';
import { ApiError } from '../api';
import { Playback } from './playback.svelte';
import { ReplaySession, type ReplaySources } from './replay-session.svelte';

const NOW = Date.UTC(2025, 0, 15, 15); // 11:00 in Campo Grande
const hub = (id: number): Hub => ({
  id,
  name: `Hub ${id}`,
  lat: -20.46,
  lng: -54.61,
  timezone: 'America/Campo_Grande',
  onTimeTarget: 0.95,
  autoDispatch: false,
});
const courier = (id: number, hubId: number, name: string) => ({ id, hubId, name }) as Courier;
const user = (hubId: number | null): ConsoleUser => ({
  id: 1,
  email: 'd@example.com',
  name: 'Dee',
  role: 'dispatcher',
  hubId,
});

function sources(asked: object[], fail = false): ReplaySources {
  return {
    config: async () => ({
      mapStyleUrl: null,
      streetsUrl: null,
      center: { lat: 0, lng: 0 },
      tickMs: 500,
    }),
    hubs: async () => [hub(1), hub(2)],
    couriers: async () => [courier(5, 2, 'Zoe'), courier(6, 2, 'Ana'), courier(7, 1, 'Bo')],
    replay: async (query) => {
      asked.push(query);
      if (fail) throw new ApiError('forbidden', 'you can replay only your own hub', 403);
      const replay: Replay = {
        hubId: query.hubId ?? 2,
        courierId: query.courierId ?? null,
        timezone: 'America/Campo_Grande',
        from: query.from,
        to: query.to,
        sampleSeconds: 20,
        couriers: [],
        tracks: [encodeReplayTrack(6, [{ t: query.from + 3_600_000, lat: 0, lng: 0 }], query.from)],
        stops: [],
        events: encodeReplayEvents([], query.from),
        routes: [],
      };
      return replay;
    },
  };
}

describe('ReplaySession', () => {
  it('opens the user’s hub on today, by the hub’s clock, at its first movement', async () => {
    const asked: object[] = [];
    const session = new ReplaySession(user(2), sources(asked), new Playback(), () => NOW);
    await session.start();
    expect(session.hubs.map((h) => h.id)).toEqual([2]);
    expect(session.date).toBe('2025-01-15');
    const from = Date.UTC(2025, 0, 15, 4);
    expect(asked).toEqual([{ hubId: 2, from, to: from + 86_400_000 }]);
    expect(session.status).toBe('ready');
    expect(session.playback.t).toBe(from + 3_600_000);
    // Today's replay stops at the present.
    expect(session.playback.to).toBe(NOW);
    expect(session.couriers.map((c) => c.name)).toEqual(['Ana', 'Zoe']);
  });

  it('asks for one courier, then another day', async () => {
    const asked: { courierId?: number; from: number }[] = [];
    const session = new ReplaySession(user(null), sources(asked), new Playback(), () => NOW);
    await session.start();
    await session.pickCourier(7);
    expect(asked.at(-1)).toMatchObject({ courierId: 7 });
    await session.pickDate('2025-01-14');
    expect(asked.at(-1)).toMatchObject({ courierId: 7, from: Date.UTC(2025, 0, 14, 4) });
    expect(session.playback.to).toBe(Date.UTC(2025, 0, 15, 4));
    await session.pickDate('not a date');
    expect(asked).toHaveLength(3);
  });

  it('says why when the server refuses', async () => {
    const session = new ReplaySession(user(null), sources([], true), new Playback(), () => NOW);
    await session.start();
    expect(session.status).toBe('error');
    expect(session.message).toBe('you can replay only your own hub');
    expect(session.day).toBeNull();
  });

  it('asks for no replay when the user may replay no hub', async () => {
    const asked: object[] = [];
    const session = new ReplaySession(user(9), sources(asked), new Playback(), () => NOW);
    await session.start();
    expect(session.status).toBe('no-hub');
    expect(asked).toEqual([]);
  });
});
