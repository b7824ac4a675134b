import { describe, expect, it } from 'vitest';
import type { AlertSeverity, AlertView } from '@dispatch/shared';
import type { AlertService } from './alert-service';
import type { AlertSignal } from '../detect/types';
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
