import { encodeFleetColumns } from '@dispatch/shared';
import { courierLateness, type CourierState } from '../state/fleet-lateness';
import { openAlert, openStop } from '../state/fleet-fixtures';
import { describe, expect, test } from 'vitest';
import { delta, fix } from '../state/fleet-fixtures';
import { Fleet } from '../state/fleet.svelte';
import {
  CourierVertices,
  EPOCH_SPAN_MS,
  FIELD,
  FLOATS_PER_COURIER,
  STYLE_FLAG,
  styleCode,
  type CourierLook,
} from './courier-vertices';
import { mercatorX, mercatorY, worldSizePx } from './mercator';

const T0 = 1_700_000_000_000;
const ORIGIN = { lat: -20.4, lng: -54.6 };

function fleetOf(...rows: ReturnType<typeof fix>[]): Fleet {
  const fleet = new Fleet({ tickMs: 1000 });
  fleet.setLive(true);
  fleet.applySnapshot(encodeFleetColumns(rows, T0), T0);
  return fleet;
}

const plain = (): CourierLook => ({ lateness: new Map(), stateFilter: null, selectedId: null });
const field = (v: CourierVertices, slot: number, f: number) =>
  v.data[slot * FLOATS_PER_COURIER + f]!;

describe('CourierVertices', () => {
  test('a courier is written as mercator offsets from the origin, with times from the epoch', () => {
    const fleet = fleetOf(fix(1, T0 - 2000, -20.41, -54.59));
    const v = new CourierVertices(ORIGIN);
    expect(v.sync(fleet, plain(), T0)).toBe(true);
    expect(v.count).toBe(1);
    expect(field(v, 0, FIELD.toX)).toBeCloseTo(mercatorX(-54.59) - mercatorX(-54.6), 9);
    expect(field(v, 0, FIELD.toY)).toBeCloseTo(mercatorY(-20.41) - mercatorY(-20.4), 9);
    expect(field(v, 0, FIELD.fixAt)).toBe(-2000);
    expect(field(v, 0, FIELD.heading)).toBe(90);
    expect(field(v, 0, FIELD.style)).toBe(
      styleCode('moving', 'none', { selected: false, hidden: false }),
    );
  });

  test('a courier with no heading is written with heading -1', () => {
    const fleet = fleetOf({ ...fix(1, T0), heading: null });
    const v = new CourierVertices(ORIGIN);
    v.sync(fleet, plain(), T0);
    expect(field(v, 0, FIELD.heading)).toBe(-1);
  });

  test('a frame without changes writes nothing', () => {
    const fleet = fleetOf(fix(1, T0));
    const v = new CourierVertices(ORIGIN);
    const look = plain();
    v.sync(fleet, look, T0);
    v.takeWritten();
    expect(v.sync(fleet, look, T0 + 16)).toBe(false);
    expect(v.takeWritten()).toBeNull();
  });

  test('after new fixes only the couriers that changed are written', () => {
    const fleet = fleetOf(fix(1, T0), fix(2, T0), fix(3, T0), fix(4, T0));
    const v = new CourierVertices(ORIGIN);
    const look = plain();
    v.sync(fleet, look, T0);
    expect(v.takeWritten()).toEqual({ from: 0, to: 4 });
    const slot = fleet.table.slotOf(3)!;
    const untouched = fleet.table.slotOf(1)!;
    v.data[untouched * FLOATS_PER_COURIER + FIELD.toX] = 42;
    fleet.queueDelta(delta('A', T0 + 500, [fix(3, T0 + 500, -20.5, -54.5)]), T0 + 500);
    fleet.flush(T0 + 500);
    expect(v.sync(fleet, look, T0 + 500)).toBe(true);
    expect(v.takeWritten()).toEqual({ from: slot, to: slot + 1 });
    expect(field(v, slot, FIELD.toX)).toBeCloseTo(mercatorX(-54.5) - mercatorX(-54.6), 9);
    expect(field(v, untouched, FIELD.toX)).toBe(42);
  });

  test('lateness and the selection rewrite every courier with state, movement and flags', () => {
    const fleet = fleetOf(fix(1, T0), fix(2, T0), fix(3, T0, -20.4, -54.6, 'at_stop'));
    const v = new CourierVertices(ORIGIN);
    v.sync(fleet, plain(), T0);
    v.takeWritten();
    const lateness = courierLateness(
      [openStop(10, 2, T0, { windowEnd: T0 - 60_000 }), openStop(11, 3, T0)],
      [openAlert(1, { kind: 'stalled', courierId: 2 })],
      T0,
    );
    v.sync(fleet, { lateness, stateFilter: null, selectedId: 3 }, T0 + 16);
    expect(v.takeWritten()).toEqual({ from: 0, to: 3 });
    const style = (id: number) => field(v, fleet.table.slotOf(id)!, FIELD.style);
    const plainFlags = { selected: false, hidden: false };
    expect(style(1)).toBe(styleCode('moving', 'none', plainFlags));
    expect(style(2)).toBe(styleCode('stalled', 'late', plainFlags));
    expect(style(3)).toBe(styleCode('at_stop', 'on_time', { selected: true, hidden: false }));
    expect(style(3) & STYLE_FLAG.selected).toBe(STYLE_FLAG.selected);
  });

  test('the legend filter hides couriers in other states', () => {
    const fleet = fleetOf(fix(1, T0), fix(2, T0));
    const lateness = courierLateness([openStop(10, 2, T0, { windowEnd: T0 - 60_000 })], [], T0);
    const v = new CourierVertices(ORIGIN);
    const only = (stateFilter: CourierState | null): CourierLook => ({
      lateness,
      stateFilter,
      selectedId: null,
    });
    v.sync(fleet, only('late'), T0);
    expect(v.isShown(fleet.table.slotOf(1)!)).toBe(false);
    expect(v.isShown(fleet.table.slotOf(2)!)).toBe(true);
    v.sync(fleet, only(null), T0 + 16);
    expect(v.isShown(fleet.table.slotOf(1)!)).toBe(true);
  });

  test('couriers the list filters leave out are not shown', () => {
    const fleet = fleetOf(fix(1, T0), fix(2, T0, 0, 0, 'offline'));
    const v = new CourierVertices(ORIGIN);
    const look = plain();
    v.sync(fleet, look, T0);
    fleet.statusFilter = new Set(['en_route']);
    v.sync(fleet, look, T0 + 16);
    expect(v.isShown(fleet.table.slotOf(1)!)).toBe(true);
    expect(v.isShown(fleet.table.slotOf(2)!)).toBe(false);
  });

  test('a marker is placed along its glide as the fleet table places it', () => {
    const fleet = fleetOf(fix(1, T0, -20.4, -54.6));
    fleet.queueDelta(delta('A', T0 + 1000, [fix(1, T0 + 1000, -20.42, -54.62)]), T0 + 1000);
    fleet.flush(T0 + 1000);
    const v = new CourierVertices(ORIGIN);
    v.sync(fleet, plain(), T0 + 1000);
    const [x, y] = v.offsetAt(0, T0 + 1500, fleet.tickMs, [0, 0]);
    const [lng, lat] = fleet.table.lngLatAt(0, T0 + 1500, [0, 0]);
    // Mercator is not linear in latitude: over 2 km the paths differ by far less than a pixel.
    const pixels = (offset: number) => offset * worldSizePx(16);
    expect(pixels(x - (mercatorX(lng) - mercatorX(ORIGIN.lng)))).toBeCloseTo(0, 1);
    expect(pixels(y - (mercatorY(lat) - mercatorY(ORIGIN.lat)))).toBeCloseTo(0, 1);
  });

  test('after an hour times are rewritten against a new base', () => {
    const fleet = fleetOf(fix(1, T0));
    const v = new CourierVertices(ORIGIN);
    const look = plain();
    v.sync(fleet, look, T0);
    v.takeWritten();
    const later = T0 + EPOCH_SPAN_MS + 1;
    expect(v.sync(fleet, look, later)).toBe(true);
    expect(v.epochMs).toBe(later);
    expect(field(v, 0, FIELD.fixAt)).toBe(T0 - later);
  });

  test('the data grows with the fleet', () => {
    const rows = Array.from({ length: 600 }, (_, i) => fix(i + 1, T0));
    const fleet = fleetOf(...rows);
    const v = new CourierVertices(ORIGIN);
    v.sync(fleet, plain(), T0);
    expect(v.count).toBe(600);
    expect(v.data.length).toBeGreaterThanOrEqual(600 * FLOATS_PER_COURIER);
    expect(v.takeWritten()).toEqual({ from: 0, to: 600 });
  });
});
