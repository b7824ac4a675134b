import { makeRosterProfile } from '../../../test/factories/roster-factories';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainBus } from '../events/bus';
import { CourierRoster, type RosterStop } from '../fleet/courier-roster';
import { detectionConfig } from './config';
import type { AlertSink } from './detection-ports';
import { DetectionService } from './detection-service';
import type { PassSlicing } from './pass-slicing';
import type { AlertSignal } from './types';

const MIN = 60_000;
const NOW = Date.UTC(2025, 0, 15, 12);

/** A rostered courier on shift all day with one stop whose window closed a minute ago. */
function rosterWithLateStops(count: number): CourierRoster {
  const roster = new CourierRoster();
  for (let id = 1; id <= count; id++) {
    roster.upsert(makeRosterProfile(id, { name: `Courier ${id}`, vehicle: 'car' }));
    roster.setRoute(id, [lateStop(id)]);
  }
  return roster;
}

function lateStop(courierId: number): RosterStop {
  return {
    id: 1000 + courierId,
    orderRef: null,
    courierId,
    hubId: 1,
    kind: 'delivery',
    status: 'assigned',
    sequence: 1,
    lat: -20.46,
    lng: -54.6,
    windowStart: NOW - 60 * MIN,
    windowEnd: NOW - MIN,
    serviceSeconds: 120,
    demand: 1,
    attempts: 0,
    slaTier: 'same_day',
    arrivedAt: null,
    eta: null,
  };
}

/** Alerts that record what they are given, written at once. */
function recordingAlerts(): AlertSink & { applied: AlertSignal[] } {
  const applied: AlertSignal[] = [];
  return {
    applied,
    apply: (signals) => {
      applied.push(...signals);
      return Promise.resolve();
    },
    settled: () => Promise.resolve(),
  };
}

const services: DetectionService[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
});

async function startedService(couriers: number, slicing?: PassSlicing) {
  const alerts = recordingAlerts();
  const service = new DetectionService({
    config: detectionConfig(),
    tickMs: 60_000,
    roster: rosterWithLateStops(couriers),
    arrivals: { estimateArrivals: ({ stops }) => stops.map(() => NOW), flush: async () => {} },
    alerts,
    history: {
      hubTargets: async () => [],
      recentFixes: async () => [],
      completionsSince: async () => [],
      openAlerts: async () => [],
    },
    bus: new DomainBus(),
    log: { error: () => {} },
    ...(slicing ? { slicing } : {}),
  });
  services.push(service);
  await service.start();
  return { service, alerts };
}

/** Whether a `setImmediate` callback queued just before the pass ran before the pass ended. */
async function turnTakenDuringPass(service: DetectionService): Promise<boolean> {
  let turned = false;
  setImmediate(() => (turned = true));
  await service.tick(NOW);
  return turned;
}

describe('DetectionService passes', () => {
  it('give the event loop turns during a pass over many couriers', async () => {
    const { service } = await startedService(100, { couriersPerSlice: 10, msPerSlice: Infinity });
    expect(await turnTakenDuringPass(service)).toBe(true);
    expect(service.engine.lastTickStats.couriersEvaluated).toBe(100);
  });

  it('give the event loop turns with the default slicing at 2,000 couriers', async () => {
    const { service } = await startedService(2000);
    expect(await turnTakenDuringPass(service)).toBe(true);
  });

  it('take no turn for a pass that fits one slice', async () => {
    const { service } = await startedService(5, { couriersPerSlice: 10, msPerSlice: Infinity });
    expect(await turnTakenDuringPass(service)).toBe(false);
  });

  it('evaluate every courier and hand every signal to the alerts, resolved to its subject', async () => {
    const { service, alerts } = await startedService(50, {
      couriersPerSlice: 3,
      msPerSlice: Infinity,
    });
    await service.tick(NOW);
    const late = alerts.applied.filter((s) => s.kind === 'late' && s.active);
    expect(late.map((s) => s.subject.stopId).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 50 }, (_, i) => 1001 + i),
    );
    expect(late[0]!.subject).toEqual({ courierId: 1, stopId: 1001, hubId: 1 });
  });

  it('let settled() wait for a pass under way', async () => {
    const { service, alerts } = await startedService(50, {
      couriersPerSlice: 3,
      msPerSlice: Infinity,
    });
    const pass = service.tick(NOW);
    await service.settled();
    expect(alerts.applied.filter((s) => s.kind === 'late')).toHaveLength(50);
    await pass;
  });

  it('let afterNextTick() resolve once the sliced pass has ended', async () => {
    const { service, alerts } = await startedService(50, {
      couriersPerSlice: 3,
      msPerSlice: Infinity,
    });
    const ended = service.afterNextTick().then(() => alerts.applied.length);
    void service.tick(NOW);
    expect(await ended).toBeGreaterThanOrEqual(50);
  });
});
