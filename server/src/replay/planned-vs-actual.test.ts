import { describe, expect, it } from 'vitest';
import {
  placementOf,
  plannedPlacements,
  plannedVsActual,
  visitOf,
  type Placement,
  type Visit,
} from './planned-vs-actual';

const FROM = Date.UTC(2025, 0, 15, 6);
const MIN = 60_000;
const ANA = 1;
const BEN = 2;

const plan = (
  stopId: number,
  courierId: number,
  etaMin: number,
  at = FROM + 5 * MIN,
): Placement => ({
  stopId,
  at,
  courierId,
  sequence: null,
  plannedEta: FROM + etaMin * MIN,
  byPlan: true,
});
const visit = (
  stopId: number,
  courierId: number,
  atMin: number,
  outcome: Visit['outcome'],
): Visit => ({
  stopId,
  courierId,
  at: FROM + atMin * MIN,
  outcome,
});

describe('plannedPlacements', () => {
  it('keeps the last plan before the window, else the first inside it', () => {
    const plans = plannedPlacements(
      [
        plan(10, ANA, 60, FROM - 120 * MIN),
        plan(10, BEN, 70, FROM - 60 * MIN),
        plan(10, ANA, 90, FROM + 60 * MIN),
        plan(11, ANA, 30, FROM + 10 * MIN),
        plan(11, BEN, 40, FROM + 20 * MIN),
        { ...plan(12, ANA, 30), byPlan: false },
      ],
      FROM,
    );
    expect(plans.get(10)).toMatchObject({ courierId: BEN, plannedEta: FROM + 70 * MIN });
    expect(plans.get(11)).toMatchObject({ courierId: ANA, plannedEta: FROM + 30 * MIN });
    expect(plans.has(12)).toBe(false);
  });
});

describe('plannedVsActual', () => {
  it('lists planned stops in planned order with the actual order and times', () => {
    const [route] = plannedVsActual({
      placements: [plan(10, ANA, 30), plan(11, ANA, 20), plan(12, ANA, 45)],
      visits: [
        visit(10, ANA, 25, 'arrived'),
        visit(10, ANA, 27, 'delivered'),
        visit(11, ANA, 33, 'arrived'),
        visit(11, ANA, 35, 'failed'),
      ],
      from: FROM,
      courierIds: [ANA],
    });
    expect(route!.courierId).toBe(ANA);
    expect(route!.stops).toEqual([
      {
        stopId: 11,
        plannedSeq: 1,
        plannedEta: FROM + 20 * MIN,
        actualSeq: 2,
        arrivedAt: FROM + 33 * MIN,
        completedAt: FROM + 35 * MIN,
        outcome: 'failed',
        movedTo: null,
      },
      {
        stopId: 10,
        plannedSeq: 2,
        plannedEta: FROM + 30 * MIN,
        actualSeq: 1,
        arrivedAt: FROM + 25 * MIN,
        completedAt: FROM + 27 * MIN,
        outcome: 'delivered',
        movedTo: null,
      },
      {
        stopId: 12,
        plannedSeq: 3,
        plannedEta: FROM + 45 * MIN,
        actualSeq: null,
        arrivedAt: null,
        completedAt: null,
        outcome: 'open',
        movedTo: null,
      },
    ]);
  });

  it('shows a stop taken over as moved for its planned courier and unplanned for the other', () => {
    const move: Placement = {
      ...plan(10, BEN, 0, FROM + 15 * MIN),
      plannedEta: null,
      byPlan: false,
    };
    const routes = plannedVsActual({
      placements: [plan(10, ANA, 30), plan(11, ANA, 40), move],
      visits: [visit(10, BEN, 28, 'delivered')],
      from: FROM,
      courierIds: [ANA, BEN],
    });
    const ana = routes.find((r) => r.courierId === ANA)!;
    const ben = routes.find((r) => r.courierId === BEN)!;
    expect(ana.stops[0]).toMatchObject({
      stopId: 10,
      outcome: 'moved',
      movedTo: BEN,
      actualSeq: null,
    });
    expect(ana.stops[1]).toMatchObject({ stopId: 11, outcome: 'open', movedTo: null });
    expect(ben.stops).toEqual([
      {
        stopId: 10,
        plannedSeq: null,
        plannedEta: null,
        actualSeq: 1,
        arrivedAt: FROM + 28 * MIN,
        completedAt: FROM + 28 * MIN,
        outcome: 'delivered',
        movedTo: null,
      },
    ]);
  });

  it('marks an unfinished stop moved away as moved to its holder', () => {
    const move: Placement = {
      ...plan(10, BEN, 0, FROM + 15 * MIN),
      plannedEta: null,
      byPlan: false,
    };
    const [ana] = plannedVsActual({
      placements: [plan(10, ANA, 30), move],
      visits: [],
      from: FROM,
      courierIds: [ANA, BEN],
    });
    expect(ana!.stops[0]).toMatchObject({ outcome: 'moved', movedTo: BEN });
  });

  it('leaves out couriers with nothing planned or finished', () => {
    expect(
      plannedVsActual({
        placements: [plan(10, ANA, 30)],
        visits: [],
        from: FROM,
        courierIds: [BEN],
      }),
    ).toEqual([]);
  });
});

describe('reading placements and visits from the event log', () => {
  const row = (kind: string, data: Record<string, unknown>, actor = { type: 'user', id: 5 }) => ({
    at: FROM,
    kind,
    actorType: actor.type,
    actorId: actor.id,
    subjectId: 10,
    data,
  });

  it('reads a plan placement with its place and planned arrival, and a move as no plan', () => {
    expect(
      placementOf(
        row('stop.reassigned', {
          from: null,
          to: ANA,
          reason: 'plan',
          sequence: 3,
          plannedEta: FROM + MIN,
        }),
      ),
    ).toEqual({
      stopId: 10,
      at: FROM,
      courierId: ANA,
      sequence: 3,
      plannedEta: FROM + MIN,
      byPlan: true,
    });
    expect(
      placementOf(row('stop.reassigned', { from: ANA, to: BEN, reason: 'manual' })),
    ).toMatchObject({
      courierId: BEN,
      byPlan: false,
      plannedEta: null,
    });
    expect(placementOf(row('stop.created', { courierId: ANA, sequence: 2 }))).toMatchObject({
      courierId: ANA,
      sequence: 2,
      byPlan: true,
    });
    expect(placementOf(row('stop.created', { courierId: null }))).toBeNull();
  });

  it('reads a visit at the time the device reported, only from the courier', () => {
    expect(
      visitOf(row('stop.delivered', { at: FROM - MIN }, { type: 'courier', id: ANA })),
    ).toEqual({ stopId: 10, courierId: ANA, at: FROM - MIN, outcome: 'delivered' });
    expect(visitOf(row('stop.delivered', {}))).toBeNull();
    expect(visitOf(row('stop.reassigned', {}, { type: 'courier', id: ANA }))).toBeNull();
  });
});
