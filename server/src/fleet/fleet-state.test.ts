import { describe, expect, it } from 'vitest';
import { roomOfCell, courierCell } from '@dispatch/shared';
import { FleetState, type Fix } from './fleet-state';

const fix = (t: number, lat: number, lng: number): Fix => ({
  t,
  lat,
  lng,
  speedMps: 5,
  heading: 90,
  accuracyMeters: 5,
  battery: 0.8,
});

describe('FleetState', () => {
  it('moves a courier forward in time and indexes its cell and room', () => {
    const fleet = new FleetState();
    fleet.upsertCourier(1, null);
    expect(fleet.applyFix(1, fix(1000, 52.5, 13.4), 1000)).toBe('moved');
    const live = fleet.get(1)!;
    expect(live.cell).toBe(courierCell(52.5, 13.4));
    expect(live.room).toBe(roomOfCell(live.cell!));
    expect(fleet.inRooms([live.room!]).map((c) => c.id)).toEqual([1]);
    expect(fleet.nearest(52.5, 13.4, 1)[0]?.id).toBe(1);
  });

  it('never moves the live position back for an older or equal fix', () => {
    const fleet = new FleetState();
    fleet.upsertCourier(1, null);
    fleet.applyFix(1, fix(2000, 52.5, 13.4), 2000);
    expect(fleet.applyFix(1, fix(1000, 48.8, 2.3), 3000)).toBe('stale');
    expect(fleet.applyFix(1, fix(2000, 48.8, 2.3), 3000)).toBe('stale');
    expect(fleet.get(1)!.fix!.lat).toBe(52.5);
    expect(fleet.get(1)!.lastPingAt).toBe(3000);
  });

  it('reports the previous room of couriers that changed since the last take', () => {
    const fleet = new FleetState();
    fleet.upsertCourier(1, null);
    fleet.applyFix(1, fix(1000, 52.5, 13.4), 1000);
    const first = fleet.takeDirty();
    expect(first.rooms.get(1)).toBeNull();
    const berlinRoom = fleet.get(1)!.room;
    fleet.applyFix(1, fix(2000, 48.8, 2.3), 2000);
    fleet.applyFix(1, fix(3000, 48.81, 2.31), 3000);
    expect(fleet.takeDirty().rooms.get(1)).toBe(berlinRoom);
    expect(fleet.inRooms([berlinRoom!])).toEqual([]);
    expect(fleet.takeDirty().rooms.size).toBe(0);
  });

  it('reports the hub a courier was last broadcast in when it changes hub or leaves', () => {
    const fleet = new FleetState();
    fleet.upsertCourier(1, 4);
    fleet.upsertCourier(2, 4);
    fleet.applyFix(1, fix(1000, 52.5, 13.4), 1000);
    fleet.applyFix(2, fix(1000, 52.5, 13.4), 1000);
    fleet.takeDirty();
    const room = fleet.get(1)!.room;
    fleet.upsertCourier(1, 7);
    fleet.upsertCourier(1, null);
    fleet.upsertCourier(2, 4);
    expect(fleet.takeDirty()).toEqual({
      rooms: new Map([[1, room]]),
      previousHubs: new Map([[1, 4]]),
    });
    fleet.removeCourier(2);
    expect(fleet.takeDirty()).toEqual({
      rooms: new Map([[2, room]]),
      previousHubs: new Map([[2, 4]]),
    });
  });

  it('ignores fixes for unknown couriers', () => {
    expect(new FleetState().applyFix(9, fix(1, 0, 0), 1)).toBe('unknown_courier');
  });

  it('marks couriers silent past the threshold offline and back online on the next fix', () => {
    const fleet = new FleetState();
    fleet.upsertCourier(1, null);
    fleet.upsertCourier(2, null);
    fleet.applyFix(1, fix(1000, 52.5, 13.4), 1000);
    fleet.applyFix(2, fix(1000, 52.5, 13.4), 100_000);
    fleet.takeDirty();
    expect(fleet.markSilentOffline(125_000, 120_000)).toBe(1);
    expect(fleet.get(1)!.status).toBe('offline');
    expect(fleet.get(2)!.status).toBe('idle');
    expect([...fleet.takeDirty().rooms.keys()]).toEqual([1]);
    fleet.applyFix(1, fix(2000, 52.5, 13.4), 126_000);
    expect(fleet.get(1)!.status).toBe('idle');
  });
});
