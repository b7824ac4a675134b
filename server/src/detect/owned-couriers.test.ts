import { handoverOwnership } from '../../../test/factories/handover-ownership';
import { makeRosterProfile, makeRosterStop } from '../../../test/factories/roster-factories';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '@dispatch/shared';
import { DomainBus } from '../events/bus';
import { CourierRoster } from '../fleet/courier-roster';
import { detectionConfig } from './config';
import type { AlertSink, DetectionHistory, HistoryScope } from './detection-ports';
import { DetectionService } from './detection-service';
import type { AlertSignal } from './types';

const MIN = 60_000;
const NOW = Date.UTC(2025, 0, 15, 12);

/** Couriers 1 and 2 of hub 1, 3 and 4 of hub 2, each with one stop of its hub (late unless said). */
function twoHubRoster(onTime: number[] = []): CourierRoster {
  const roster = new CourierRoster();
  for (let id = 1; id <= 4; id++) {
    const hubId = id <= 2 ? 1 : 2;
    roster.upsert(makeRosterProfile(id, { hubId, vehicle: 'car' }));
    roster.setRoute(id, [stopOf(id, hubId, onTime.includes(id))]);
  }
  return roster;
}

function stopOf(courierId: number, hubId: number, onTime = false) {
  return makeRosterStop(1000 + courierId, courierId, {
    hubId,
    lat: -20.46,
    lng: -54.6,
    windowStart: NOW - 60 * MIN,
    windowEnd: onTime ? NOW + 60 * MIN : NOW - MIN,
  });
}

/** An open late alert stored for a courier's stop. */
function lateAlert(courierId: number, hubId: number): AlertView {
  return {
    id: 500 + courierId,
    kind: 'late',
    severity: 'warning',
    courierId,
    stopId: 1000 + courierId,
    hubId,
    openedAt: NOW - 5 * MIN,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    resolvedAt: null,
    details: { courierId, windowEnd: NOW - MIN },
  };
}

/** History that answers from `alerts` (filtered by scope) and records what it was asked. */
function recordingHistory(alerts: AlertView[] = []) {
  const scopes: (HistoryScope | undefined)[] = [];
  const history: DetectionHistory = {
    hubTargets: async () => [],
    recentFixes: async (_since, scope) => {
      scopes.push(scope);
      return [];
    },
    completionsSince: async () => [],
    openAlerts: async (scope) =>
      alerts.filter(
        (a) =>
          !scope ||
          scope.hubIds.includes(a.hubId ?? -1) ||
          scope.courierIds.includes(a.courierId ?? -1),
      ),
  };
  return { history, scopes };
}

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

async function startedService(options: {
  owned: number[];
  roster?: CourierRoster;
  alerts?: AlertView[];
}) {
  const hubs = handoverOwnership(options.owned);
  const { history, scopes } = recordingHistory(options.alerts);
  const alerts = recordingAlerts();
  const roster = options.roster ?? twoHubRoster();
  const service = new DetectionService({
    config: detectionConfig(),
    tickMs: 60_000,
    roster,
    arrivals: { estimateArrivals: ({ stops }) => stops.map(() => NOW), flush: async () => {} },
    alerts,
    history,
    ownership: hubs.ownership,
    bus: new DomainBus(),
    log: { error: () => {} },
  });
  services.push(service);
  await service.start();
  return { service, alerts, hubs, scopes, roster };
}

/** Lets the read-back of a handover (answered at once by the fakes) finish. */
const readBack = () => new Promise((resolve) => setImmediate(resolve));

const couriersOf = (signals: AlertSignal[]) =>
  [...new Set(signals.map((s) => s.subject.courierId))].sort();

describe('DetectionService on a node owning some hubs', () => {
  it('judges only the couriers of the hubs it owns and ignores the fixes of others', async () => {
    const { service, alerts } = await startedService({ owned: [1] });
    service.onCommitted([
      { courierId: 3, t: NOW - 1000, lat: -20.46, lng: -54.6, accuracyMeters: 5, receivedAt: NOW },
    ]);
    await service.tick(NOW);
    expect(couriersOf(alerts.applied)).toEqual([1, 2]);
    expect(service.engine.motionOf(3)).toBeUndefined();
  });

  it('takes a gained hub’s couriers with their history and carries their open alerts on', async () => {
    // Courier 3's stop is no longer late: the restored alert resolves rather than being forgotten.
    const { service, alerts, hubs, scopes } = await startedService({
      owned: [1],
      roster: twoHubRoster([3]),
      alerts: [lateAlert(3, 2)],
    });
    await service.tick(NOW);
    alerts.applied.length = 0;

    hubs.gain(2);
    await readBack();
    expect(scopes.at(-1)).toEqual({ hubIds: [2], courierIds: [3, 4] });
    await service.tick(NOW + 1000);
    expect(alerts.applied).toContainEqual(
      expect.objectContaining({
        kind: 'late',
        active: false,
        subject: expect.objectContaining({ stopId: 1003 }),
      }),
    );
    expect(alerts.applied.filter((s) => s.active).map((s) => s.subject.stopId)).toEqual([1004]);
  });

  it('forgets a lost hub’s couriers and conditions without resolving them', async () => {
    const { service, alerts, hubs } = await startedService({ owned: [1, 2] });
    await service.tick(NOW);
    expect(couriersOf(alerts.applied)).toEqual([1, 2, 3, 4]);
    alerts.applied.length = 0;

    hubs.lose(2);
    await service.tick(NOW + 1000);
    expect(alerts.applied.filter((s) => (s.subject.courierId ?? 0) > 2)).toEqual([]);
    expect(service.engine.openConditions).toBe(2);
    expect(service.engine.motionOf(3)).toBeUndefined();
  });

  it('carries a moved stop’s alert on with the courier now holding it, though the alert names the one it left', async () => {
    // Courier 1's late stop moved to courier 3 of hub 2; the alert still names courier 1.
    const roster = twoHubRoster([1]);
    roster.setRoute(3, [stopOf(3, 2), stopOf(1, 1)]);
    roster.setRoute(1, []);
    const { service, alerts, hubs } = await startedService({
      owned: [],
      roster,
      alerts: [lateAlert(1, 1)],
    });
    // The hubs come over one read-back at a time, with a pass between them.
    hubs.gain(1);
    await readBack();
    await service.tick(NOW);
    hubs.gain(2);
    await readBack();
    await service.tick(NOW + 1000);
    const ofMoved = alerts.applied.filter((s) => s.subject.stopId === 1001);
    expect(ofMoved.filter((s) => !s.active)).toEqual([]);
    expect(ofMoved.map((s) => s.subject.courierId)).toEqual([3]);
  });

  it('leaves a moved stop’s alert to the node judging the courier now holding it', async () => {
    const roster = twoHubRoster([1]);
    roster.setRoute(3, [stopOf(3, 2), stopOf(1, 1)]);
    roster.setRoute(1, []);
    const { service, alerts } = await startedService({
      owned: [1],
      roster,
      alerts: [lateAlert(1, 1)],
    });
    await service.tick(NOW);
    await service.tick(NOW + 1000);
    expect(alerts.applied.filter((s) => s.subject.stopId === 1001)).toEqual([]);
  });

  it('lets a courier moving to a hub owned elsewhere go silently, and brings its history when it returns', async () => {
    const { service, alerts, scopes, roster } = await startedService({ owned: [1] });
    await service.tick(NOW);
    alerts.applied.length = 0;

    roster.upsert(makeRosterProfile(2, { hubId: 2, vehicle: 'car' }));
    await service.tick(NOW + 1000);
    expect(alerts.applied).toEqual([]);
    expect(service.engine.motionOf(2)).toBeUndefined();

    roster.upsert(makeRosterProfile(2, { hubId: 1, vehicle: 'car' }));
    await readBack();
    expect(scopes.at(-1)).toEqual({ hubIds: [], courierIds: [2] });
    expect(service.engine.motionOf(2)).toBeDefined();
  });
});
