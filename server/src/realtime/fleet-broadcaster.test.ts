import { describe, expect, it } from 'vitest';
import { decodeFleetColumns } from '@dispatch/shared';
import { FleetState, type Fix } from '../fleet/fleet-state';
import { buildFleetDeltas, viewRoom, viewRoomsFor, type RoomDelta } from './fleet-broadcaster';

const fix = (t: number, lat: number, lng: number): Fix => ({
  t,
  lat,
  lng,
  speedMps: 5,
  heading: 90,
  accuracyMeters: 5,
  battery: 0.8,
});

const BERLIN = { lat: 52.5, lng: 13.4 };
const PARIS = { lat: 48.85, lng: 2.35 };

/** A fleet of couriers (id → hub) placed at `at`, with the placing already broadcast. */
function fleetOf(couriers: Record<number, number | null>, at = BERLIN): FleetState {
  const fleet = new FleetState();
  for (const [id, hubId] of Object.entries(couriers)) {
    fleet.upsertCourier(Number(id), hubId);
    fleet.applyFix(Number(id), fix(1000, at.lat, at.lng), 1000);
  }
  fleet.takeDirty();
  return fleet;
}

/**
 * What a console that joined `rooms` shows after the deltas, the way the web console applies
 * them: each delta's rows, then its gone (a courier known in another cell stays).
 */
function showAfter(
  shown: Map<number, string>,
  deltas: RoomDelta[],
  rooms: string[],
): Map<number, string> {
  const next = new Map(shown);
  for (const { rooms: to, delta } of deltas) {
    if (!to.some((room) => rooms.includes(room))) continue;
    for (const row of decodeFleetColumns(delta)) next.set(row.id, delta.room);
    for (const id of delta.gone) if (next.get(id) === delta.room) next.delete(id);
  }
  return next;
}

const ids = (deltas: RoomDelta[], room: string) =>
  deltas
    .filter((d) => d.rooms.includes(room))
    .flatMap((d) => decodeFleetColumns(d.delta).map((r) => r.id));

describe('buildFleetDeltas', () => {
  it('sends a cell whose couriers are all of one hub once, to that hub and to every-hub consoles', () => {
    const fleet = fleetOf({ 1: 4, 2: 4 });
    fleet.applyFix(1, fix(2000, BERLIN.lat, BERLIN.lng), 2000);
    fleet.applyFix(2, fix(2000, BERLIN.lat, BERLIN.lng), 2000);
    const cell = fleet.get(1)!.room!;
    const deltas = buildFleetDeltas(fleet, fleet.takeDirty(), 3000);
    expect(deltas.map((d) => d.rooms)).toEqual([[viewRoom(4, cell), viewRoom('all', cell)]]);
    expect(ids(deltas, viewRoom(4, cell))).toEqual([1, 2]);
  });

  it("keeps each hub's couriers to its own consoles, and gives every-hub consoles all of them", () => {
    const fleet = fleetOf({ 1: 4, 2: 5, 3: null });
    for (const id of [1, 2, 3]) fleet.applyFix(id, fix(2000, BERLIN.lat, BERLIN.lng), 2000);
    const cell = fleet.get(1)!.room!;
    const deltas = buildFleetDeltas(fleet, fleet.takeDirty(), 3000);
    const hub4 = showAfter(new Map(), deltas, viewRoomsFor(4, [cell]));
    const hub5 = showAfter(new Map(), deltas, viewRoomsFor(5, [cell]));
    const everyHub = showAfter(new Map(), deltas, viewRoomsFor(null, [cell]));
    expect([...hub4.keys()].sort()).toEqual([1, 3]);
    expect([...hub5.keys()].sort()).toEqual([2, 3]);
    expect([...everyHub.keys()].sort()).toEqual([1, 2, 3]);
  });

  it("takes a courier that changed hub out of the old hub's view and keeps it where both are seen", () => {
    const fleet = fleetOf({ 1: 4, 2: null, 3: 5 });
    const cell = fleet.get(1)!.room!;
    const visibleTo: Record<string, number[]> = { 4: [1, 2], 5: [2, 3], all: [1, 2, 3] };
    // 1 leaves hub 4 for no hub, 2 goes the other way, 3 moves from hub 5 to hub 4.
    fleet.upsertCourier(1, null);
    fleet.upsertCourier(2, 4);
    fleet.upsertCourier(3, 4);
    const deltas = buildFleetDeltas(fleet, fleet.takeDirty(), 3000);
    const seen = (hub: number | null) => {
      const before = new Map(visibleTo[hub ?? 'all']!.map((id) => [id, cell]));
      return [...showAfter(before, deltas, viewRoomsFor(hub, [cell])).keys()].sort();
    };
    expect(seen(4)).toEqual([1, 2, 3]);
    expect(seen(5)).toEqual([1]);
    expect(seen(null)).toEqual([1, 2, 3]);
  });

  it('tells the consoles of the cell a courier left, and only them', () => {
    const fleet = fleetOf({ 1: 4 });
    const berlin = fleet.get(1)!.room!;
    fleet.applyFix(1, fix(2000, PARIS.lat, PARIS.lng), 2000);
    const paris = fleet.get(1)!.room!;
    const deltas = buildFleetDeltas(fleet, fleet.takeDirty(), 3000);
    const gone = deltas.filter((d) => d.delta.gone.includes(1)).map((d) => d.rooms);
    expect(gone).toEqual([[viewRoom(4, berlin), viewRoom('all', berlin)]]);
    expect(ids(deltas, viewRoom(4, paris))).toEqual([1]);
  });

  it('encodes nothing for rooms nobody watches', () => {
    const fleet = fleetOf({ 1: 4, 2: 5 });
    fleet.applyFix(1, fix(2000, BERLIN.lat, BERLIN.lng), 2000);
    fleet.applyFix(2, fix(2000, BERLIN.lat, BERLIN.lng), 2000);
    const cell = fleet.get(1)!.room!;
    const watched = new Set([viewRoom(5, cell)]);
    const deltas = buildFleetDeltas(fleet, fleet.takeDirty(), 3000, (room) => watched.has(room));
    expect(deltas.map((d) => d.rooms)).toEqual([[viewRoom(5, cell)]]);
    expect(ids(deltas, viewRoom(5, cell))).toEqual([2]);
  });
});
