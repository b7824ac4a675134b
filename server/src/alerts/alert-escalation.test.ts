import { describe, expect, it } from 'vitest';
import type { AlertView } from '@dispatch/shared';
import { FencedError, type Fence } from '../cluster/fence';
import type { HubOwnership } from '../cluster/hub-ownership';
import { AlertEscalation } from './alert-escalation';
import type { AlertWriteFence } from './alert-fence';

/** A node owning `owned` hubs (none of no hub), never told of changes. */
const owning = (owned: number[]): HubOwnership => ({
  node: 'node-a',
  owns: (hubId) => owned.includes(hubId),
  token: (hubId) => (owned.includes(hubId) ? 1 : null),
  subscribe: () => () => undefined,
});

/** Overdue alerts of hubs 1, 2 and of no hub; escalations recorded by the hub asked for. */
function overdueAlerts(refused: number[] = []) {
  const escalated: (number | null)[] = [];
  const fence: Fence = {
    check: (_tx, hubId) =>
      refused.includes(hubId)
        ? Promise.reject(new FencedError(hubId, 'node-a', 1))
        : Promise.resolve(),
  };
  const alerts = {
    overdueHubs: () => Promise.resolve([1, 2, null]),
    escalateOverdue: async (_now: number, _afterMs: number, fenced?: AlertWriteFence) => {
      await fenced?.fence.check({ query: async () => [] }, fenced.hubId ?? 0);
      escalated.push(fenced ? fenced.hubId : -1);
      return [{ id: escalated.length, hubId: fenced?.hubId ?? null } as AlertView];
    },
  };
  return { alerts, fence, escalated };
}

const silent = { info: () => {}, error: () => {} };

describe('AlertEscalation', () => {
  it('escalates every hub’s overdue alerts at once on a node alone', async () => {
    const { alerts, escalated } = overdueAlerts();
    await new AlertEscalation(alerts, 1000, silent).escalate();
    expect(escalated).toEqual([-1]);
  });

  it('escalates only the hubs this node owns, each fenced by its hub', async () => {
    const { alerts, fence, escalated } = overdueAlerts();
    const escalation = new AlertEscalation(alerts, 1000, silent, {
      ownership: owning([2]),
      fence,
    });
    expect(await escalation.escalate()).toHaveLength(1);
    expect(escalated).toEqual([2]);
  });

  it('skips a hub whose write is fenced and carries on with the others', async () => {
    const { alerts, fence, escalated } = overdueAlerts([1]);
    const errors: unknown[] = [];
    const escalation = new AlertEscalation(
      alerts,
      1000,
      { info: () => {}, error: (o) => errors.push(o) },
      { ownership: owning([1, 2]), fence },
    );
    await escalation.escalate();
    expect(escalated).toEqual([2]);
    expect(errors).toEqual([]);
  });
});
