import { describe, expect, it } from 'vitest';
import { DomainError, type OrderInput } from '@dispatch/shared';
import { idempotencyKeyOf, orderDetails, orderStops, orderWindowProblems } from './order-input';

const NOW = Date.parse('2025-05-02T12:00:00Z');
const HOUR = 3_600_000;

const order = (over: Partial<OrderInput> = {}): OrderInput => ({
  reference: 'SHOP-1',
  customer: { name: 'Ana Lima', phone: '+55 67 99999-0000', email: 'ana@example.com' },
  address: 'Rua 14 de Julho, 100',
  lat: -20.47,
  lng: -54.62,
  windowStart: '2025-05-02T14:00:00-04:00',
  windowEnd: '2025-05-02T16:00:00-04:00',
  ...over,
});

const pickup = {
  address: 'Loja Centro',
  lat: -20.46,
  lng: -54.61,
  windowStart: NOW,
  windowEnd: NOW + HOUR,
};

describe('idempotencyKeyOf', () => {
  it('takes 1 to 200 printable characters', () => {
    expect(idempotencyKeyOf('order-2025-05-02/0001')).toBe('order-2025-05-02/0001');
    expect(idempotencyKeyOf('x'.repeat(200))).toBe('x'.repeat(200));
    expect(idempotencyKeyOf('a b~!')).toBe('a b~!');
  });

  it('refuses a missing, empty, too long or unprintable key as invalid, naming the header', () => {
    for (const header of [undefined, '', 'x'.repeat(201), 'tab\there', 'ação', ['a', 'b']]) {
      let caught: unknown;
      try {
        idempotencyKeyOf(header);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('invalid');
      expect((caught as DomainError).message).toContain('Idempotency-Key');
    }
  });
});

describe('orderWindowProblems', () => {
  it('finds nothing wrong with a window later today', () => {
    expect(orderWindowProblems(order(), NOW)).toEqual([]);
  });

  it('refuses a window that ends before it starts, or when it starts', () => {
    for (const windowEnd of ['2025-05-02T13:00:00-04:00', '2025-05-02T14:00:00-04:00'])
      expect(orderWindowProblems(order({ windowEnd }), NOW)).toEqual([
        { path: '/windowEnd', message: 'windowEnd must be after windowStart' },
      ]);
  });

  it('refuses a window that ended more than a day ago, and takes one that ended less', () => {
    const ended = (hoursAgo: number) =>
      order({ windowStart: NOW - (hoursAgo + 2) * HOUR, windowEnd: NOW - hoursAgo * HOUR });
    expect(orderWindowProblems(ended(25), NOW)).toEqual([
      { path: '/windowEnd', message: 'the window ended more than a day ago' },
    ]);
    expect(orderWindowProblems(ended(23), NOW)).toEqual([]);
  });

  it('checks the pickup’s window too, and that it opens before the delivery’s closes', () => {
    const backwards = { ...pickup, windowStart: NOW + HOUR, windowEnd: NOW };
    expect(orderWindowProblems(order({ pickup: backwards }), NOW)).toEqual([
      { path: '/pickup/windowEnd', message: 'windowEnd must be after windowStart' },
    ]);
    const late = { ...pickup, windowStart: NOW + 9 * HOUR, windowEnd: NOW + 10 * HOUR };
    expect(orderWindowProblems(order({ pickup: late }), NOW)).toEqual([
      {
        path: '/pickup/windowStart',
        message: 'the pickup window must start before the delivery window ends',
      },
    ]);
  });
});

describe('orderStops', () => {
  it('makes a delivery at the hub with the customer, parcels, tier, code and notes', () => {
    const planned = orderStops(
      order({ parcels: 3, serviceTier: 'express', requiresCode: true, notes: 'Portão azul' }),
      7,
      4,
    );
    expect(planned.items).toEqual([
      {
        orderRef: 'SHOP-1',
        hubId: 7,
        demand: 3,
        slaTier: 'express',
        kind: 'delivery',
        address: 'Rua 14 de Julho, 100',
        lat: -20.47,
        lng: -54.62,
        windowStart: '2025-05-02T14:00:00-04:00',
        windowEnd: '2025-05-02T16:00:00-04:00',
        customerName: 'Ana Lima',
        customerPhone: '+55 67 99999-0000',
        notes: 'Portão azul',
        requiresCode: true,
      },
    ]);
    expect(planned.columns(0)).toEqual({
      shopId: 4,
      customerEmail: 'ana@example.com',
      customerLanguage: null,
    });
    expect(planned.paths).toEqual(['']);
  });

  it('defaults to one parcel and leaves out what the order does not say', () => {
    const [delivery] = orderStops(
      order({ customer: { name: 'Bo', language: 'pt-BR' } }),
      1,
      2,
    ).items;
    expect(delivery).toEqual({
      orderRef: 'SHOP-1',
      hubId: 1,
      demand: 1,
      kind: 'delivery',
      address: 'Rua 14 de Julho, 100',
      lat: -20.47,
      lng: -54.62,
      windowStart: '2025-05-02T14:00:00-04:00',
      windowEnd: '2025-05-02T16:00:00-04:00',
      customerName: 'Bo',
    });
  });

  it('puts the pickup first with the same reference; the customer’s contact is on the delivery', () => {
    const planned = orderStops(order({ pickup, parcels: 2 }), 7, 4);
    expect(planned.items.map((s) => [s.kind, s.orderRef, s.address, s.demand])).toEqual([
      ['pickup', 'SHOP-1', 'Loja Centro', 2],
      ['delivery', 'SHOP-1', 'Rua 14 de Julho, 100', 2],
    ]);
    expect(planned.items[0]!.customerName).toBeUndefined();
    expect(planned.columns(0)).toEqual({ shopId: 4 });
    expect(planned.columns(1)).toMatchObject({ shopId: 4, customerEmail: 'ana@example.com' });
    expect(planned.paths).toEqual(['/pickup', '']);
  });
});

describe('orderDetails', () => {
  it('names an import’s problems by the order’s paths', () => {
    expect(
      orderDetails(
        [
          { path: 'stops[0]', message: 'lat must be a number from -90 to 90' },
          { path: 'stops[1]', message: 'address is missing' },
          { path: 'other', message: 'kept' },
        ],
        ['/pickup', ''],
      ),
    ).toEqual([
      { path: '/pickup', message: 'lat must be a number from -90 to 90' },
      { path: '/', message: 'address is missing' },
      { path: 'other', message: 'kept' },
    ]);
  });
});
