import { describe, expect, it } from 'vitest';
import { pairsById, partnerIn } from '../orders';
import { buildCandidateRoute } from './candidate-route';
import { bestInsertion } from './insertion';
import type { LiveModel, LiveStop } from './model';
import { resolveOptions } from './options';
import { bestPairInsertion } from './pair-insertion';
import { proposeFor } from './propose';
import {
  MINUTE_MS,
  T0,
  makeCourier,
  makeLiveStop,
  modelOf,
  options,
  provider,
  routesAfter,
} from '../../../../test/factories/suggest-factories';

const rules = resolveOptions(options);

/** Shop order A-17: a pickup and a delivery sharing the reference. */
function shopOrder(pickupEast: number, deliveryEast: number, ids = [50, 51]) {
  const pickup = makeLiveStop(ids[0]!, pickupEast, { kind: 'pickup', orderRef: 'A-17' });
  const delivery = makeLiveStop(ids[1]!, deliveryEast, { kind: 'delivery', orderRef: 'A-17' });
  return { pickup, delivery };
}

/** The model with its shop orders known, as the live model is given them. */
function withOrders(model: LiveModel, stops: LiveStop[]): LiveModel {
  const pairs = pairsById(stops);
  return {
    ...model,
    partnerOf: (stop) => {
      const pair = pairs.get(stop.id);
      return pair ? partnerIn(pair, stop) : undefined;
    },
  };
}

describe('bestPairInsertion', () => {
  it('puts the pickup and the delivery each at its best place, the pickup first', () => {
    const route = [1000, 2000, 3000].map((east, i) => makeLiveStop(i + 1, east));
    const ben = makeCourier(2, 0, route);
    const { pickup, delivery } = shopOrder(500, 2500);
    const candidate = buildCandidateRoute(ben, [pickup, delivery], T0, provider)!;

    const paired = bestPairInsertion(candidate, [0, 0], rules)!;
    const block = bestInsertion(candidate, [0, 0], rules)!;

    expect(paired.insertPositions).toEqual([1, 4]);
    // No detour at all on a straight line: better than any place for the two back to back.
    expect(paired.addedSeconds).toBeLessThan(block.addedSeconds);
    expect(paired.arrivalSeconds[0]!).toBeLessThan(paired.arrivalSeconds[1]!);
  });

  it('never puts the delivery where a stop in between would be late', () => {
    // The stop at 2000 m closes in 8 minutes: nothing may go before it.
    const urgent = makeLiveStop(2, 2000, { windowEnd: T0 + 8 * MINUTE_MS });
    const ben = makeCourier(2, 0, [makeLiveStop(1, 1000), urgent, makeLiveStop(3, 3000)]);
    const { pickup, delivery } = shopOrder(1500, 1600);
    const candidate = buildCandidateRoute(ben, [pickup, delivery], T0, provider)!;

    const paired = bestPairInsertion(candidate, [0, 0], rules)!;

    expect(paired.insertPositions[0]!).toBeGreaterThanOrEqual(3);
    expect(paired.insertPositions[1]!).toBeGreaterThan(paired.insertPositions[0]!);
  });
});

describe('proposals for a shop order', () => {
  it('moves an at-risk delivery together with its pickup, pickup first', () => {
    const { pickup, delivery } = shopOrder(-2000, -2600);
    delivery.windowEnd = T0 + 25 * MINUTE_MS;
    // Ana first drives 9 km the other way: the delivery would be very late.
    const ana = makeCourier(1, 0, [makeLiveStop(1, 9000), pickup, delivery]);
    const ben = makeCourier(2, -1800, [makeLiveStop(2, -3000)]);
    const model = withOrders(modelOf([ana, ben]), [pickup, delivery]);

    const proposals = proposeFor({ kind: 'late_risk', stopId: delivery.id }, model, options);

    expect(proposals.length).toBeGreaterThan(0);
    for (const proposal of proposals) {
      expect(proposal.stopIds).toEqual([pickup.id, delivery.id]);
      expect(proposal.explanation).toContain('order #A-17 (pickup and delivery)');
      const route = routesAfter(model, proposal.moves).get(proposal.toCourierId)!;
      const at = (id: number) => route.findIndex((s) => s.id === id);
      expect(at(pickup.id)).toBeGreaterThanOrEqual(0);
      expect(at(pickup.id)).toBeLessThan(at(delivery.id));
    }
  });

  it('keeps a picked-up parcel’s delivery with its courier, only at a better place there', () => {
    const { pickup, delivery } = shopOrder(-500, -2600);
    pickup.status = 'delivered';
    pickup.courierId = 1;
    delivery.windowEnd = T0 + 25 * MINUTE_MS;
    const ana = makeCourier(1, 0, [makeLiveStop(1, 9000), delivery]);
    const ben = makeCourier(2, -2500, []);
    const model = withOrders(modelOf([ana, ben]), [pickup, delivery]);

    const proposals = proposeFor({ kind: 'late_risk', stopId: delivery.id }, model, options);

    expect(proposals.length).toBeGreaterThan(0);
    for (const proposal of proposals) {
      expect(proposal.toCourierId).toBe(1);
      expect(proposal.moves).toEqual([{ stopId: delivery.id, toCourierId: 1, insertPosition: 1 }]);
      expect(proposal.explanation).toContain('already picked up');
    }
  });

  it('moves a stalled courier’s orders whole and leaves held parcels with it', () => {
    const open = shopOrder(-1000, -1500, [50, 51]);
    const held = shopOrder(-2000, -2500, [60, 61]);
    held.pickup.orderRef = held.delivery.orderRef = 'B-9';
    held.pickup.status = 'delivered';
    held.pickup.courierId = 1;
    // Ana is assumed to stand 15 minutes: the open order's delivery would be late.
    open.delivery.windowEnd = T0 + 14 * MINUTE_MS;
    const ana = makeCourier(1, 0, [open.pickup, open.delivery, held.delivery], {
      available: false,
    });
    const ben = makeCourier(2, -1200, [makeLiveStop(2, -4000)]);
    const cy = makeCourier(3, -1400, []);
    const stops = [open.pickup, open.delivery, held.pickup, held.delivery];
    const model = withOrders(modelOf([ana, ben, cy]), stops);

    const proposals = proposeFor(
      { kind: 'stalled', courierId: 1, since: T0 - 12 * MINUTE_MS },
      withOrders(model, stops),
      options,
    );

    expect(proposals.length).toBeGreaterThan(0);
    for (const proposal of proposals) {
      expect(proposal.stopIds).not.toContain(held.delivery.id);
      expect([...proposal.stopIds].sort()).toEqual([50, 51]);
      const routes = routesAfter(model, proposal.moves);
      const route = routes.get(proposal.moves[0]!.toCourierId)!;
      expect(route.findIndex((s) => s.id === 50)).toBeLessThan(route.findIndex((s) => s.id === 51));
    }
  });
});
