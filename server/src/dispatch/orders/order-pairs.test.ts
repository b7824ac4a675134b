import { describe, expect, it } from 'vitest';
import type { StopStatus } from '@dispatch/shared';
import {
  expandToOrders,
  pairsById,
  pickupsFirst,
  precedenceBreaks,
  precedenceMessage,
  refusalMessage,
  type PairableStop,
} from './order-pairs';
import { moveSummary } from './move-summary';

const ANA = 1;
const BEN = 2;

function stop(
  id: number,
  kind: PairableStop['kind'],
  orderRef: string | null,
  status: StopStatus = 'assigned',
  courierId: number | null = ANA,
): PairableStop {
  return { id, kind, orderRef, hubId: 1, status, courierId };
}

/** Order A-17: pickup 10, delivery 11, both on Ana's route; a plain delivery 20. */
function shop(pickupStatus: StopStatus = 'assigned') {
  const pickup = stop(10, 'pickup', 'A-17', pickupStatus);
  const delivery = stop(11, 'delivery', 'A-17');
  const plain = stop(20, 'delivery', 'B-2');
  return { pickup, delivery, plain, pairs: pairsById([pickup, delivery, plain]) };
}

describe('pairsById', () => {
  it('pairs a pickup and a delivery of one order in one hub, and nothing else', () => {
    const other = { ...stop(30, 'pickup', 'A-17'), hubId: 2 };
    const { pairs } = shop();
    const withOther = pairsById(
      [...shop().pairs.values()].flatMap((p) => [p.pickup, p.delivery]).concat(other),
    );
    expect(pairs.get(10)?.delivery.id).toBe(11);
    expect(pairs.get(11)?.pickup.id).toBe(10);
    expect(pairs.has(20)).toBe(false);
    expect(withOther.has(30)).toBe(false);
  });

  it("pairs a customer return's pickup with its drop-off at the hub, the return first", () => {
    const pickup = stop(40, 'return_pickup', 'return-40');
    const dropOff = stop(41, 'delivery', 'return-40');
    const pairs = pairsById([dropOff, pickup]);
    expect(pairs.get(41)).toEqual({ orderRef: 'return-40', pickup, delivery: dropOff });
    expect(precedenceBreaks(new Map([[ANA, [41, 40]]]), pairs.values())).toEqual([
      { orderRef: 'return-40', reason: 'reversed' },
    ]);
  });
});

describe('expandToOrders', () => {
  it('brings the pickup along, just before a delivery moved on its own', () => {
    const { pairs } = shop();
    const result = expandToOrders([{ stopIds: [20, 11], toCourierId: BEN, position: 2 }], pairs);
    expect(result).toEqual({
      ok: true,
      moves: [{ stopIds: [20, 10, 11], toCourierId: BEN, position: 2 }],
      broughtAlong: [10],
    });
  });

  it('brings the delivery along, just after a pickup moved on its own', () => {
    const { pairs } = shop();
    const result = expandToOrders([{ stopIds: [10], toCourierId: BEN }], pairs);
    expect(result).toMatchObject({ ok: true, moves: [{ stopIds: [10, 11] }], broughtAlong: [11] });
  });

  it('leaves an order whose two stops are both moved as it was asked', () => {
    const { pairs } = shop();
    const moves = [
      { stopIds: [10], toCourierId: BEN, position: 1 },
      { stopIds: [11], toCourierId: BEN, position: 4 },
    ];
    expect(expandToOrders(moves, pairs)).toEqual({ ok: true, moves, broughtAlong: [] });
  });

  it('refuses to send a picked-up parcel’s delivery to another courier', () => {
    const { pairs } = shop('delivered');
    expect(expandToOrders([{ stopIds: [11], toCourierId: BEN }], pairs)).toEqual({
      ok: false,
      refusal: { orderRef: 'A-17', holderCourierId: ANA, pickupStatus: 'delivered' },
    });
  });

  it('lets a picked-up parcel’s delivery be re-ordered on the courier holding it', () => {
    const { pairs } = shop('delivered');
    const moves = [{ stopIds: [11], toCourierId: ANA, position: 1 }];
    expect(expandToOrders(moves, pairs)).toEqual({ ok: true, moves, broughtAlong: [] });
  });

  it('moves a delivery alone once its pickup was cancelled', () => {
    const { pairs } = shop('cancelled');
    const moves = [{ stopIds: [11], toCourierId: BEN }];
    expect(expandToOrders(moves, pairs)).toEqual({ ok: true, moves, broughtAlong: [] });
  });
});

describe('precedenceBreaks', () => {
  it('accepts an order picked up before it is delivered on one route', () => {
    const { pairs } = shop();
    expect(precedenceBreaks(new Map([[BEN, [20, 10, 11]]]), pairs.values())).toEqual([]);
  });

  it('finds an order delivered before it is picked up', () => {
    const { pairs } = shop();
    expect(precedenceBreaks(new Map([[BEN, [11, 20, 10]]]), pairs.values())).toEqual([
      { orderRef: 'A-17', reason: 'reversed' },
    ]);
  });

  it('finds an order split over two couriers', () => {
    const { pairs } = shop();
    const routes = new Map([
      [ANA, [10]],
      [BEN, [11]],
    ]);
    expect(precedenceBreaks(routes, pairs.values())).toEqual([
      { orderRef: 'A-17', reason: 'split' },
    ]);
  });

  it('finds a delivery put before the pickup its courier is at now', () => {
    const { pairs } = shop('arrived');
    expect(precedenceBreaks(new Map([[ANA, [11, 10]]]), pairs.values())).toEqual([
      { orderRef: 'A-17', reason: 'reversed' },
    ]);
    expect(precedenceBreaks(new Map([[ANA, [11]]]), shop('delivered').pairs.values())).toEqual([]);
  });
});

describe('pickupsFirst', () => {
  it('moves a delivery listed before its pickup to just after it', () => {
    const { pickup, delivery, plain, pairs } = shop();
    expect(pickupsFirst([delivery, plain, pickup], pairs).map((s) => s.id)).toEqual([20, 10, 11]);
  });
});

describe('wording', () => {
  it('says who holds a picked-up parcel', () => {
    const names = (id: number) => (id === ANA ? 'Ana' : 'Ben');
    expect(
      refusalMessage({ orderRef: 'A-17', holderCourierId: ANA, pickupStatus: 'delivered' }, names),
    ).toBe('Order #A-17 was already picked up by Ana, so its delivery stays with Ana');
    expect(precedenceMessage({ orderRef: 'A-17', reason: 'reversed' })).toContain(
      'picked up before',
    );
  });

  it('names a moved order once, with its pickup and delivery', () => {
    const { pickup, delivery, plain, pairs } = shop();
    expect(
      moveSummary(
        [{ courierName: 'Ben', stops: [pickup, delivery, plain], reordered: false }],
        pairs,
      ),
    ).toBe('Moved order #A-17 (pickup and delivery) and #B-2 to Ben.');
    expect(moveSummary([{ courierName: 'Ana', stops: [plain], reordered: true }], pairs)).toBe(
      "Re-ordered Ana's route.",
    );
  });
});
