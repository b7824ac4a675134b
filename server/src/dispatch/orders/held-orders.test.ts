import { describe, expect, it } from 'vitest';
import { joinHeldOrders } from './held-orders';

const stop = (id: number, kind: 'pickup' | 'delivery', orderRef: string | null) => ({
  id,
  kind,
  orderRef,
});

describe('joinHeldOrders', () => {
  it('sends a new delivery to the courier that has its pickup, and leaves the rest free', () => {
    const routes = [[stop(1, 'delivery', 'X-1')], [stop(2, 'pickup', 'A-17')]];
    const fresh = [
      stop(10, 'delivery', 'A-17'),
      stop(11, 'delivery', 'B-2'),
      stop(12, 'delivery', null),
    ];
    expect(joinHeldOrders(fresh, routes)).toEqual({
      loose: [fresh[1], fresh[2]],
      joining: [[], [fresh[0]]],
    });
  });

  it('does not join two deliveries that merely share a reference', () => {
    const routes = [[stop(1, 'delivery', 'A-17')]];
    const fresh = [stop(10, 'delivery', 'A-17')];
    expect(joinHeldOrders(fresh, routes)).toEqual({ loose: fresh, joining: [[]] });
  });
});
