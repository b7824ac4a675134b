import { describe, expect, it } from 'vitest';
import { DomainError } from '@dispatch/shared';
import { planStopEdit, type EditableStop } from './stop-edit-rules';

const stop = (over: Partial<EditableStop> = {}): EditableStop => ({
  status: 'assigned',
  courierId: 4,
  hubId: 1,
  orderRef: 'A-1',
  kind: 'delivery',
  address: 'Rua A',
  lat: -20.4,
  lng: -54.6,
  windowStart: new Date('2025-05-02T13:00:00Z'),
  windowEnd: new Date('2025-05-02T15:00:00Z'),
  serviceSeconds: 120,
  demand: 1,
  slaTier: 'same_day',
  ...over,
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? { code: e.code, message: e.message } : e;
  }
  return null;
};

describe('editing a stop', () => {
  it('moves the window of a stop on a route and says the route changed', () => {
    const plan = planStopEdit(stop(), { windowEnd: '2025-05-02T16:00:00Z' });
    expect(plan).toEqual({
      set: { windowEnd: new Date('2025-05-02T16:00:00Z') },
      changed: ['windowEnd'],
      routeChanged: true,
    });
  });

  it('gives a moved stop its new cell', () => {
    const plan = planStopEdit(stop({ courierId: null, status: 'unassigned' }), { lat: -20.5 });
    expect(plan.changed).toEqual(['lat']);
    expect(plan.set.cell).toMatch(/^89/);
    expect(plan.routeChanged).toBe(false);
  });

  it('leaves the route alone for a new reference or SLA tier, and for nothing new', () => {
    expect(planStopEdit(stop(), { orderRef: 'A-2', slaTier: 'express' }).routeChanged).toBe(false);
    expect(planStopEdit(stop(), { address: 'Rua A' }).changed).toEqual([]);
  });

  it('refuses a finished stop, a window ending before it starts, and a new hub on a route', () => {
    expect(refusal(() => planStopEdit(stop({ status: 'delivered' }), { demand: 2 }))).toEqual({
      code: 'conflict',
      message: 'this stop is already delivered; a finished stop cannot be changed',
    });
    expect(
      refusal(() => planStopEdit(stop(), { windowStart: '2025-05-02T15:30:00Z' })),
    ).toMatchObject({ code: 'invalid' });
    expect(refusal(() => planStopEdit(stop(), { hubId: 2 }))).toMatchObject({ code: 'conflict' });
    expect(
      planStopEdit(stop({ courierId: null, status: 'unassigned' }), { hubId: 2 }).changed,
    ).toEqual(['hubId']);
  });
});
