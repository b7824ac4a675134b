import { handoverOwnership } from '../../../test/factories/handover-ownership';
import { describe, expect, it } from 'vitest';
import type { AlertView, StopChange } from '@dispatch/shared';
import type { AlertSignal } from '../detect/types';
import { DomainBus } from '../events/bus';
import type { AlertFilter } from './alert-service';
import { FailedAttemptAlerts, type FailedStop } from './failed-attempt-alerts';

/** An open failed-attempt alert on stop `stopId` of `hubId`. */
const openFailure = (stopId: number, hubId: number) =>
  ({ id: stopId, kind: 'failed_attempt', stopId, hubId }) as AlertView;

/** Stop `id` of hub `id % 10`, failed. */
const failedStop = (id: number): FailedStop => ({
  status: 'failed',
  hubId: id % 10,
  courierId: 7,
  reason: 'nobody home',
  attempts: 1,
});

async function started(owned: number[], stored: AlertView[] = []) {
  const hubs = handoverOwnership(owned);
  const bus = new DomainBus();
  const applied: AlertSignal[] = [];
  const alerts = new FailedAttemptAlerts({
    lifecycle: {
      apply: (signals) => {
        applied.push(...signals);
        return Promise.resolve();
      },
    },
    alerts: {
      list: (filter: AlertFilter) =>
        Promise.resolve(stored.filter((a) => !filter.of || filter.of.hubIds.includes(a.hubId!))),
    },
    failedStop: (id) => Promise.resolve(failedStop(id)),
    bus,
    log: { error: () => {} },
    ownership: hubs.ownership,
  });
  await alerts.start();
  const change = async (id: number, status: StopChange['status']) => {
    bus.emit('stops:changed', [{ id, status } as StopChange]);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { hubs, applied, change };
}

const stopsOf = (signals: AlertSignal[], active: boolean) =>
  signals.filter((s) => s.active === active).map((s) => s.subject.stopId);

describe('FailedAttemptAlerts on a node owning some hubs', () => {
  it('raises alerts only for the stops of owned hubs', async () => {
    const { applied, change } = await started([1]);
    await change(11, 'failed');
    await change(12, 'failed');
    expect(stopsOf(applied, true)).toEqual([11]);
  });

  it('resolves a gained hub’s open alerts, and no longer a lost hub’s', async () => {
    const { hubs, applied, change } = await started([1], [openFailure(11, 1), openFailure(22, 2)]);
    hubs.gain(2);
    await new Promise((resolve) => setImmediate(resolve));
    hubs.lose(1);
    await change(11, 'delivered');
    await change(22, 'delivered');
    expect(stopsOf(applied, false)).toEqual([22]);
  });
});
