import type { RosterProfile, RosterStop } from '../../server/src/fleet/courier-roster';

/** A courier's roster profile: hub 1, a bike, on shift all day in UTC; overrides win. */
export function makeRosterProfile(
  id: number,
  overrides: Partial<RosterProfile> = {},
): RosterProfile {
  return {
    id,
    name: `courier ${id}`,
    hubId: 1,
    vehicle: 'bike',
    capacity: 10,
    active: true,
    shiftStartMinute: 0,
    shiftEndMinute: 1440,
    timezone: 'UTC',
    lastPingAt: null,
    ...overrides,
  };
}

/** An assigned delivery of hub 1 on `courierId`'s route; place, window and the rest by `fields`. */
export function makeRosterStop(
  id: number,
  courierId: number,
  fields: Pick<RosterStop, 'lat' | 'lng' | 'windowStart' | 'windowEnd'> & Partial<RosterStop>,
): RosterStop {
  return {
    id,
    orderRef: null,
    courierId,
    hubId: 1,
    kind: 'delivery',
    status: 'assigned',
    sequence: 1,
    serviceSeconds: 120,
    demand: 1,
    attempts: 0,
    slaTier: 'same_day',
    arrivedAt: null,
    eta: null,
    ...fields,
  };
}
