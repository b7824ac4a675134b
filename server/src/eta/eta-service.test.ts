import { makeRosterStop } from '../../../test/factories/roster-factories';
import { describe, expect, it } from 'vitest';
import type { StopChange } from '@dispatch/shared';
import { DomainBus } from '../events/bus';
import { CourierRoster, type RosterStop } from '../fleet/courier-roster';
import { EtaService } from './eta-service';

const NOW = Date.UTC(2025, 0, 15, 12);
const HUB = { lat: -20.46, lng: -54.6 };

function stop(id: number, courierId: number): RosterStop {
  return makeRosterStop(id, courierId, {
    sequence: id,
    lat: HUB.lat + id * 1e-4,
    lng: HUB.lng,
    windowStart: NOW,
    windowEnd: NOW + 8 * 3_600_000,
    serviceSeconds: 60,
  });
}

/** An ETA service over one courier with `stops` open stops, its writes and announcements recorded. */
function serviceWithRoute(stops: number) {
  const roster = new CourierRoster();
  roster.upsert({
    id: 1,
    name: 'Courier 1',
    hubId: 1,
    vehicle: 'car',
    capacity: 1000,
    active: true,
    shiftStartMinute: 0,
    shiftEndMinute: 1440,
    timezone: 'UTC',
    lastPingAt: null,
  });
  roster.setRoute(
    1,
    Array.from({ length: stops }, (_, i) => stop(i + 1, 1)),
  );
  const statements: number[] = [];
  const announced: StopChange[][] = [];
  const bus = new DomainBus();
  bus.on('etas:changed', (changes) => announced.push(changes));
  const service = new EtaService({
    roster,
    store: {
      saveEtas: (updates) => {
        statements.push(updates.length);
        return Promise.resolve();
      },
    },
    models: { load: () => Promise.resolve(null), save: () => Promise.resolve() },
    bus,
    log: { error: () => {} },
  });
  service.estimateArrivals({
    position: HUB,
    at: NOW,
    vehicle: 'car',
    stops: roster.get(1)!.route,
  });
  return { service, roster, statements, announced };
}

describe('EtaService.flush', () => {
  it('writes a large refresh a few hundred ETAs per statement, with event-loop turns between', async () => {
    const { service, roster, statements, announced } = serviceWithRoute(600);
    let turned = false;
    setImmediate(() => (turned = true));
    await service.flush();
    expect(turned).toBe(true);
    expect(statements.length).toBeGreaterThan(1);
    expect(statements.reduce((a, b) => a + b, 0)).toBe(600);
    expect(announced.flat().map((c) => c.id)).toEqual(roster.get(1)!.route.map((s) => s.id));
    expect(roster.get(1)!.route.every((s) => s.eta !== null)).toBe(true);
  });

  it('writes a small refresh in one statement without giving up the turn', async () => {
    const { service, statements } = serviceWithRoute(5);
    let turned = false;
    setImmediate(() => (turned = true));
    await service.flush();
    expect(turned).toBe(false);
    expect(statements).toEqual([5]);
  });

  it('does not write ETAs again that moved by less than 30 s', async () => {
    const { service, roster, statements } = serviceWithRoute(5);
    await service.flush();
    service.estimateArrivals({
      position: HUB,
      at: NOW + 10_000,
      vehicle: 'car',
      stops: roster.get(1)!.route,
    });
    await service.flush();
    expect(statements).toEqual([5]);
  });
});
