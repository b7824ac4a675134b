import { handoverOwnership } from '../../../test/factories/handover-ownership';
import { describe, expect, it } from 'vitest';
import type { AlertSeverity, AlertView } from '@dispatch/shared';
import { FencedError, type Fence } from '../cluster/fence';
import type { AlertFilter, AlertService } from './alert-service';
import type { AlertWriteFence } from './alert-fence';
import type { AlertSignal, AlertSubject } from '../detect/types';
import { AlertLifecycle } from './alert-lifecycle';

/** An AlertService stand-in that records what the lifecycle asked of it. */
function fakeAlerts() {
  const calls: string[] = [];
  let nextId = 1;
  const view = (id: number, severity: AlertSeverity, details: Record<string, unknown>) =>
    ({ id, severity, details }) as AlertView;
  const ids = new Map<string, number>();
  const service = {
    list: () => Promise.resolve([]),
    raise: (
      kind: string,
      subject: { courierId?: number | null },
      severity: AlertSeverity,
      details: Record<string, unknown>,
    ) => {
      const key = `${kind}/${subject.courierId}`;
      const id = ids.get(key) ?? nextId++;
      ids.set(key, id);
      calls.push(`raise ${id} ${severity} ${JSON.stringify(details)}`);
      return Promise.resolve(view(id, severity, details));
    },
    resolve: (id: number, _actor: unknown, _reason: string, details?: Record<string, unknown>) => {
      calls.push(`resolve ${id} ${JSON.stringify(details)}`);
      return Promise.resolve(view(id, 'info', details ?? {}));
    },
  };
  return { calls, service: service as unknown as AlertService };
}

const stall = (to: number, severity: AlertSeverity = 'warning', active = true): AlertSignal => ({
  kind: 'stalled',
  subject: { courierId: 7 },
  active,
  severity,
  details: { to },
});

describe('AlertLifecycle', () => {
  it('opens, updates in place and resolves one alert per kind and subject', async () => {
    const { calls, service } = fakeAlerts();
    const lifecycle = new AlertLifecycle(service, (err) => {
      throw err;
    });
    await lifecycle.apply([stall(1), stall(2, 'critical'), stall(3, 'critical', false)]);
    expect(calls).toEqual([
      'raise 1 warning {"to":1}',
      'raise 1 critical {"to":2}',
      'resolve 1 {"to":3}',
    ]);
    expect(lifecycle.openCount).toBe(0);
  });

  it('holds detail-only updates back until the refresh interval passed, then writes the latest', async () => {
    let now = 0;
    const { calls, service } = fakeAlerts();
    const lifecycle = new AlertLifecycle(
      service,
      () => {},
      10_000,
      () => now,
    );
    await lifecycle.apply([stall(1)]);
    now = 3000;
    await lifecycle.apply([stall(2)]);
    now = 6000;
    await lifecycle.apply([stall(3)]);
    expect(calls).toHaveLength(1);
    now = 10_000;
    await lifecycle.apply([]);
    expect(calls).toEqual(['raise 1 warning {"to":1}', 'raise 1 warning {"to":3}']);
  });

  it('writes a severity change and a resolution at once, whatever the interval', async () => {
    let now = 0;
    const { calls, service } = fakeAlerts();
    const lifecycle = new AlertLifecycle(
      service,
      () => {},
      60_000,
      () => now,
    );
    await lifecycle.apply([stall(1)]);
    now = 1000;
    await lifecycle.apply([stall(2, 'critical')]);
    now = 2000;
    await lifecycle.apply([stall(3), stall(4, 'critical', false)]);
    expect(calls).toEqual([
      'raise 1 warning {"to":1}',
      'raise 1 critical {"to":2}',
      'raise 1 warning {"to":3}',
      'resolve 1 {"to":4}',
    ]);
  });

  it('keeps going after a failed write and reports it', async () => {
    const { service } = fakeAlerts();
    const failures: string[] = [];
    const broken = {
      ...service,
      raise: () => Promise.reject(new Error('database down')),
    } as unknown as AlertService;
    const lifecycle = new AlertLifecycle(broken, (err, signal) =>
      failures.push(`${signal.kind}: ${(err as Error).message}`),
    );
    await lifecycle.apply([stall(1)]);
    expect(failures).toEqual(['stalled: database down']);
  });
});

/** An open stall alert stored for courier `courierId` of `hubId`. */
const storedStall = (id: number, courierId: number, hubId: number) =>
  ({
    id,
    kind: 'stalled',
    severity: 'warning',
    courierId,
    stopId: null,
    hubId,
    details: {},
  }) as unknown as AlertView;

/**
 * An AlertService stand-in holding `stored` open alerts: it answers lists (by hub when asked),
 * and records each write with the hub its fence was asked about (a fence refusing `refused`).
 */
function fencedAlerts(stored: AlertView[], refused: number[] = []) {
  const writes: string[] = [];
  const fence: Fence = {
    check: (_tx, hubId) =>
      refused.includes(hubId)
        ? Promise.reject(new FencedError(hubId, 'node-a', 1))
        : Promise.resolve(),
  };
  const service = {
    list: (filter: AlertFilter) =>
      Promise.resolve(stored.filter((a) => !filter.of || filter.of.hubIds.includes(a.hubId!))),
    raise: async (
      kind: string,
      subject: AlertSubject,
      severity: AlertSeverity,
      _details: unknown,
      _actor: unknown,
      writeFence: Fence,
    ) => {
      await writeFence.check({ query: async () => [] }, subject.hubId!);
      writes.push(`raise ${kind} hub ${subject.hubId}`);
      return { id: 100 + subject.courierId!, severity, hubId: subject.hubId } as AlertView;
    },
    resolve: async (
      id: number,
      _actor: unknown,
      _reason: string,
      _details: unknown,
      fenced: AlertWriteFence,
    ) => {
      await fenced.fence.check({ query: async () => [] }, fenced.hubId!);
      writes.push(`resolve ${id} hub ${fenced.hubId}`);
      return { id } as AlertView;
    },
    openAlertOf: () => Promise.resolve(null),
  };
  return { writes, fence, service: service as unknown as AlertService };
}

const stallOf = (courierId: number, hubId: number, active = true): AlertSignal => ({
  kind: 'stalled',
  subject: { courierId, stopId: null, hubId },
  active,
  severity: 'warning',
  details: {},
});

const silentLog = { info: () => {}, error: () => {} };

describe('AlertLifecycle on a node owning some hubs', () => {
  it('loads only the open alerts of the hubs it owns', async () => {
    const hubs = handoverOwnership([1]);
    const { service, fence } = fencedAlerts([storedStall(1, 7, 1), storedStall(2, 8, 2)]);
    const lifecycle = new AlertLifecycle(service, () => {}, 0, Date.now, {
      ownership: hubs.ownership,
      fence,
      log: silentLog,
    });
    await lifecycle.load();
    expect(lifecycle.openCount).toBe(1);
  });

  it('writes the alerts of owned hubs only, each fenced by its hub', async () => {
    const hubs = handoverOwnership([1]);
    const { service, fence, writes } = fencedAlerts([]);
    const lifecycle = new AlertLifecycle(service, () => {}, 0, Date.now, {
      ownership: hubs.ownership,
      fence,
      log: silentLog,
    });
    await lifecycle.load();
    await lifecycle.apply([stallOf(7, 1), stallOf(8, 2), stallOf(7, 1, false)]);
    expect(writes).toEqual(['raise stalled hub 1', 'resolve 107 hub 1']);
  });

  it('takes a gained hub’s open alerts over, so its next signal resolves the same alert', async () => {
    const hubs = handoverOwnership([1]);
    const { service, fence, writes } = fencedAlerts([storedStall(42, 8, 2)]);
    const lifecycle = new AlertLifecycle(service, () => {}, 0, Date.now, {
      ownership: hubs.ownership,
      fence,
      log: silentLog,
    });
    await lifecycle.load();
    hubs.gain(2);
    await lifecycle.apply([stallOf(8, 2, false)]);
    expect(writes).toEqual(['resolve 42 hub 2']);
  });

  it('forgets a lost hub’s alerts and writes nothing more for it', async () => {
    const hubs = handoverOwnership([1, 2]);
    const { service, fence, writes } = fencedAlerts([storedStall(42, 8, 2)]);
    const lifecycle = new AlertLifecycle(service, () => {}, 0, Date.now, {
      ownership: hubs.ownership,
      fence,
      log: silentLog,
    });
    await lifecycle.load();
    hubs.lose(2);
    expect(lifecycle.openCount).toBe(0);
    await lifecycle.apply([stallOf(8, 2), stallOf(8, 2, false)]);
    expect(writes).toEqual([]);
  });

  it('takes a fenced write as the hub having moved, not as a failure', async () => {
    const hubs = handoverOwnership([1]);
    const { service, fence, writes } = fencedAlerts([], [1]);
    const failures: unknown[] = [];
    const fenced: object[] = [];
    const lifecycle = new AlertLifecycle(service, (err) => failures.push(err), 0, Date.now, {
      ownership: hubs.ownership,
      fence,
      log: { info: (o) => fenced.push(o), error: () => {} },
    });
    await lifecycle.load();
    await lifecycle.apply([stallOf(7, 1)]);
    expect(writes).toEqual([]);
    expect(failures).toEqual([]);
    expect(fenced).toEqual([{ hubId: 1, kind: 'stalled' }]);
  });
});
