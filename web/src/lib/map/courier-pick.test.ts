import { encodeFleetColumns } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { delta, fix } from '../state/fleet-fixtures';
import { Fleet } from '../state/fleet.svelte';
import { pickCourierSlot } from './courier-pick';
import { CourierVertices } from './courier-vertices';
import { mercatorX, mercatorY, type DrawnView } from './mercator';

const T0 = 1_700_000_000_000;
const ORIGIN = { lat: 0, lng: 0 };
/** Pixels per unit of mercator offset in the test view (zoom 14: 512 × 2^14). */
const SCALE = 512 * 2 ** 14;

/** A north-up view with the origin at the centre of an 800 × 600 screen. */
function viewAtOrigin(): DrawnView {
  const [w, h] = [800, 600];
  // Offsets (mercator, y down) to clip space: x' = 2·s·x/w, y' = -2·s·y/h.
  const matrix = new Float64Array([
    (2 * SCALE) / w,
    0,
    0,
    0,
    0,
    (-2 * SCALE) / h,
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    1,
  ]);
  return { matrix, widthPx: w, heightPx: h };
}

/** The lng/lat `dx`, `dy` pixels right of and below the centre. */
function at(dx: number, dy: number): { lat: number; lng: number } {
  const x = mercatorX(0) + dx / SCALE;
  const y = mercatorY(0) + dy / SCALE;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return { lat, lng: x * 360 - 180 };
}

function setUp(rows: ReturnType<typeof fix>[]) {
  const fleet = new Fleet({ tickMs: 1000 });
  fleet.setLive(true);
  fleet.applySnapshot(encodeFleetColumns(rows, T0), T0);
  const vertices = new CourierVertices(ORIGIN);
  vertices.sync(fleet, { lateness: new Map(), stateFilter: null, selectedId: null }, T0);
  const idAt = (slot: number | null) => (slot === null ? null : fleet.table.ids[slot]!);
  return { fleet, vertices, idAt };
}

const courierAt = (id: number, dx: number, dy: number) => {
  const p = at(dx, dy);
  return fix(id, T0, p.lat, p.lng);
};

describe('pickCourierSlot', () => {
  test('picks the courier nearest the pointer', () => {
    const { vertices, idAt } = setUp([courierAt(1, 0, 0), courierAt(2, 10, 0)]);
    const slot = pickCourierSlot(vertices, viewAtOrigin(), { x: 407, y: 300 }, T0, 1000, 8);
    expect(idAt(slot)).toBe(2);
  });

  test('picks nothing beyond the radius', () => {
    const { vertices } = setUp([courierAt(1, 0, 0)]);
    expect(pickCourierSlot(vertices, viewAtOrigin(), { x: 420, y: 300 }, T0, 1000, 8)).toBeNull();
  });

  test('picks a courier where it is drawn mid-glide, not where its fix is', () => {
    const { fleet, vertices, idAt } = setUp([courierAt(1, 0, 0)]);
    const end = at(100, 0);
    fleet.queueDelta(delta('A', T0 + 1000, [fix(1, T0 + 1000, end.lat, end.lng)]), T0 + 1000);
    fleet.flush(T0 + 1000);
    vertices.sync(fleet, { lateness: new Map(), stateFilter: null, selectedId: null }, T0 + 1000);
    const halfway = pickCourierSlot(
      vertices,
      viewAtOrigin(),
      { x: 450, y: 300 },
      T0 + 1500,
      1000,
      4,
    );
    expect(idAt(halfway)).toBe(1);
    expect(
      pickCourierSlot(vertices, viewAtOrigin(), { x: 500, y: 300 }, T0 + 1500, 1000, 4),
    ).toBeNull();
  });

  test('never picks a courier the filters hide', () => {
    const { fleet, vertices } = setUp([courierAt(1, 0, 0)]);
    fleet.statusFilter = new Set(['idle']);
    vertices.sync(fleet, { lateness: new Map(), stateFilter: null, selectedId: null }, T0 + 16);
    expect(pickCourierSlot(vertices, viewAtOrigin(), { x: 400, y: 300 }, T0, 1000, 8)).toBeNull();
  });
});
