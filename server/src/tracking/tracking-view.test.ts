import { describe, expect, it } from 'vitest';
import { TRACKING_STOPS_AHEAD, TrackingViewSchema, type TrackingView } from '@dispatch/shared';
import {
  collectRefusal,
  firstNameOf,
  rescheduleRefusal,
  trackingView,
  type TrackedStop,
  type TrackingContext,
} from './tracking-view';

const NOW = Date.UTC(2025, 4, 2, 15, 0);
const MIN = 60_000;

/** A delivery imported for today, not yet on a route. */
function stop(over: Partial<TrackedStop> = {}): TrackedStop {
  return {
    kind: 'delivery',
    status: 'unassigned',
    orderRef: 'A-100',
    address: 'Rua das Flores 12',
    lat: -20.46,
    lng: -54.61,
    windowStart: NOW + 60 * MIN,
    windowEnd: NOW + 180 * MIN,
    eta: null,
    outForDeliveryAt: null,
    completedAt: null,
    collectAtHub: false,
    customerLanguage: null,
    instructionsKind: null,
    instructions: null,
    failureCode: null,
    hasHub: true,
    ...over,
  };
}

function context(over: Partial<TrackingContext> = {}): TrackingContext {
  return {
    hub: { name: 'Centro', timezone: 'America/Campo_Grande' },
    courier: null,
    openStopsBefore: null,
    recipientName: null,
    lastTurn: null,
    pickupPending: false,
    ...over,
  };
}

const ANA = { name: 'Ana Maria Souza', position: { lat: -20.45, lng: -54.6, at: NOW - 5000 } };

/** The stop out with Ana, `before` open stops ahead of it. */
const out = (before: number, over: Partial<TrackedStop> = {}) =>
  [
    stop({ status: 'assigned', outForDeliveryAt: NOW - 30 * MIN, eta: NOW + 40 * MIN, ...over }),
    context({ courier: ANA, openStopsBefore: before }),
  ] as const;

describe('the tracking page’s phases', () => {
  it('is received while the stop waits for its route', () => {
    expect(trackingView(stop(), context(), NOW).phase).toBe('received');
    const assigned = stop({ status: 'assigned', eta: NOW + 90 * MIN });
    expect(trackingView(assigned, context({ courier: ANA, openStopsBefore: 0 }), NOW).phase).toBe(
      'received',
    );
  });

  it('is out for delivery once the courier set off with it', () => {
    expect(trackingView(...out(5), NOW).phase).toBe('out_for_delivery');
  });

  it('is arriving when no open stop is before it, the courier is there, or the ETA is near', () => {
    expect(trackingView(...out(0), NOW).phase).toBe('arriving');
    expect(trackingView(...out(4, { status: 'arrived' }), NOW).phase).toBe('arriving');
    expect(trackingView(...out(4, { eta: NOW + 10 * MIN }), NOW).phase).toBe('arriving');
    expect(trackingView(...out(4, { eta: NOW + 11 * MIN }), NOW).phase).toBe('out_for_delivery');
  });

  it('is delivered with the time and who took the parcel', () => {
    const view = trackingView(
      stop({ status: 'delivered', completedAt: NOW - MIN, outForDeliveryAt: NOW - 60 * MIN }),
      context({ courier: ANA, openStopsBefore: 0, recipientName: 'Neighbour Rui' }),
      NOW,
    );
    expect(view).toMatchObject({
      phase: 'delivered',
      deliveredAt: NOW - MIN,
      recipientName: 'Neighbour Rui',
      failure: null,
    });
  });

  it('is failed, retried today, while it waits unassigned with its window', () => {
    const view = trackingView(
      stop({ failureCode: 'not_home' }),
      context({ lastTurn: 'retry_today' }),
      NOW,
    );
    expect(view.phase).toBe('failed');
    expect(view.failure).toEqual({ reasonCode: 'not_home', next: 'retry_today' });
  });

  it('is failed, a window to choose, when the policy moved it a day or it waits as failed', () => {
    const moved = trackingView(
      stop({ failureCode: 'no_access' }),
      context({ lastTurn: 'next_day' }),
      NOW,
    );
    expect(moved.failure).toEqual({ reasonCode: 'no_access', next: 'choose_window' });
    const waiting = trackingView(
      stop({ status: 'failed', failureCode: 'not_home', outForDeliveryAt: NOW - 60 * MIN }),
      context({ lastTurn: 'failed' }),
      NOW,
    );
    expect(waiting.phase).toBe('failed');
    expect(waiting.failure?.next).toBe('choose_window');
    expect(waiting.can.reschedule).toBe(true);
  });

  it('is failed, returning, when the parcel goes back to the hub', () => {
    const view = trackingView(
      stop({ status: 'returning', failureCode: 'refused' }),
      context({ lastTurn: 'returning' }),
      NOW,
    );
    expect(view.phase).toBe('failed');
    expect(view.failure).toEqual({ reasonCode: 'refused', next: 'returning' });
    const refused = trackingView(
      stop({ status: 'failed', failureCode: 'refused', outForDeliveryAt: NOW - MIN }),
      context({ lastTurn: 'failed' }),
      NOW,
    );
    expect(refused.failure?.next).toBe('returning');
    expect(refused.can.reschedule).toBe(false);
  });

  it('is returned once a failed parcel is back at the hub', () => {
    const view = trackingView(
      stop({ status: 'returned', failureCode: 'not_home' }),
      context({ lastTurn: 'returning' }),
      NOW,
    );
    expect(view.phase).toBe('returned');
    expect(view.failure).toEqual({ reasonCode: 'not_home', next: 'returning' });
  });

  it('is collect at hub when the customer chose it, on its way back or there', () => {
    for (const status of ['returning', 'returned'] as const)
      expect(trackingView(stop({ status, collectAtHub: true }), context(), NOW).phase).toBe(
        'collect_at_hub',
      );
  });

  it('is cancelled when the stop was', () => {
    expect(trackingView(stop({ status: 'cancelled' }), context(), NOW).phase).toBe('cancelled');
  });

  it('is rescheduled after the customer moved the window, until the parcel is out again', () => {
    const moved = context({ lastTurn: 'rescheduled' });
    expect(trackingView(stop(), moved, NOW).phase).toBe('rescheduled');
    const [again] = out(3);
    expect(trackingView(again, { ...moved, courier: ANA, openStopsBefore: 3 }, NOW).phase).toBe(
      'out_for_delivery',
    );
  });
});

describe('what the tracking page is shown', () => {
  it('shows the courier’s first name and position only within the stops ahead', () => {
    const near = trackingView(...out(TRACKING_STOPS_AHEAD), NOW);
    expect(near.courier).toEqual({ firstName: 'Ana', lat: -20.45, lng: -54.6, at: NOW - 5000 });
    expect(near.stopsBefore).toBe(TRACKING_STOPS_AHEAD);
    const far = trackingView(...out(TRACKING_STOPS_AHEAD + 1), NOW);
    expect(far.courier).toBeNull();
    expect(far.stopsBefore).toBe(TRACKING_STOPS_AHEAD + 1);
  });

  it('shows no courier and no stops before it while the stop is not out', () => {
    const view = trackingView(
      stop({ status: 'assigned' }),
      context({ courier: ANA, openStopsBefore: 0 }),
      NOW,
    );
    expect(view.courier).toBeNull();
    expect(view.stopsBefore).toBeNull();
  });

  it('never shows the courier after the stop ended', () => {
    for (const status of ['delivered', 'failed', 'returning', 'cancelled'] as const) {
      const view = trackingView(
        stop({ status, outForDeliveryAt: NOW - 60 * MIN, completedAt: NOW - MIN }),
        context({ courier: ANA, openStopsBefore: 0 }),
        NOW,
      );
      expect(view.courier, status).toBeNull();
      expect(view.stopsBefore, status).toBeNull();
      expect(view.etaWindow, status).toBeNull();
    }
  });

  it('shows no courier without a live position', () => {
    const [s] = out(0);
    expect(
      trackingView(s, context({ courier: { ...ANA, position: null }, openStopsBefore: 0 }), NOW)
        .courier,
    ).toBeNull();
  });

  it('gives the ETA as a window while one is known and the stop is open', () => {
    expect(trackingView(...out(2), NOW).etaWindow).toEqual({
      start: NOW + 30 * MIN,
      end: NOW + 50 * MIN,
    });
    expect(trackingView(stop(), context(), NOW).etaWindow).toBeNull();
  });

  it('holds only the keys the schema names', () => {
    const view: TrackingView = trackingView(...out(1), NOW);
    expect(Object.keys(view).sort()).toEqual(Object.keys(TrackingViewSchema.properties).sort());
    expect(JSON.stringify(view)).not.toContain('Souza');
  });

  it('speaks the customer’s language, English when none or an unknown one is stored', () => {
    expect(trackingView(stop({ customerLanguage: 'pt-BR' }), context(), NOW).language).toBe(
      'pt-BR',
    );
    expect(trackingView(stop(), context(), NOW).language).toBe('en');
    expect(trackingView(stop({ customerLanguage: 'fr' }), context(), NOW).language).toBe('en');
  });

  it('shows instructions of a known kind with their text', () => {
    const view = trackingView(
      stop({ instructionsKind: 'door_code', instructions: '4711' }),
      context(),
      NOW,
    );
    expect(view.instructions).toEqual({ kind: 'door_code', text: '4711' });
    expect(
      trackingView(stop({ instructionsKind: 'x', instructions: 'y' }), context(), NOW).instructions,
    ).toBeNull();
  });

  it('takes the first word of a name', () => {
    expect(firstNameOf('  Ana   Maria ')).toBe('Ana');
  });
});

describe('what the customer may do', () => {
  it('instructs until the courier arrives', () => {
    for (const status of ['unassigned', 'assigned', 'en_route'] as const)
      expect(trackingView(stop({ status }), context(), NOW).can.instruct, status).toBe(true);
    for (const status of ['arrived', 'delivered', 'failed', 'returned', 'cancelled'] as const)
      expect(trackingView(stop({ status }), context(), NOW).can.instruct, status).toBe(false);
  });

  it('reschedules while not out for delivery, never once out, arrived or delivered', () => {
    expect(trackingView(stop(), context(), NOW).can.reschedule).toBe(true);
    expect(trackingView(stop({ status: 'assigned' }), context(), NOW).can.reschedule).toBe(true);
    expect(trackingView(...out(2), NOW).can.reschedule).toBe(false);
    expect(trackingView(...out(0, { status: 'arrived' }), NOW).can.reschedule).toBe(false);
    expect(
      trackingView(stop({ status: 'delivered', completedAt: NOW }), context(), NOW).can.reschedule,
    ).toBe(false);
  });

  it('collects at the hub until the courier arrives, out for delivery too', () => {
    expect(collectRefusal(...out(2), NOW)).toBeNull();
    expect(collectRefusal(stop({ status: 'assigned' }), context(), NOW)).toBeNull();
    expect(collectRefusal(...out(0, { status: 'arrived' }), NOW)).toMatch(/already there/);
    expect(collectRefusal(stop({ status: 'delivered' }), context(), NOW)).toMatch(/delivered/);
    expect(
      collectRefusal(stop({ status: 'returned', collectAtHub: true }), context(), NOW),
    ).toMatch(/collect at hub/);
  });

  it('never reschedules a pickup or a stop without a hub, and says why', () => {
    expect(rescheduleRefusal(stop({ kind: 'pickup' }), context(), NOW)).toMatch(/pickup/);
    expect(rescheduleRefusal(stop({ kind: 'return_pickup' }), context(), NOW)).toMatch(/pickup/);
    expect(rescheduleRefusal(stop({ hasHub: false }), context(), NOW)).toMatch(/hub/);
    const atShop = context({ pickupPending: true });
    expect(rescheduleRefusal(stop(), atShop, NOW)).toMatch(/shop/);
    expect(collectRefusal(stop(), atShop, NOW)).toMatch(/shop/);
    expect(trackingView(stop(), atShop, NOW).can.reschedule).toBe(false);
    expect(rescheduleRefusal(...out(2), NOW)).toMatch(/out for delivery/);
  });
});
