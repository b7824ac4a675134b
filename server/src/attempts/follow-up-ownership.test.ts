import { describe, expect, it, vi } from 'vitest';
import type { StopChange } from '@dispatch/shared';
import { FencedError } from '../cluster/fence';
import type { HubOwnership, OwnershipListener } from '../cluster/hub-ownership';
import type { Orm } from '../db/client';
import { DomainBus } from '../events/bus';
import { CustomerReturns } from './customer-returns';
import { ReattemptService } from './reattempt-service';

/** A cluster node's ownership of `owned` (changed by the test), telling its listeners when asked. */
function fakeOwnership(owned: Set<number>) {
  const listeners: OwnershipListener[] = [];
  const ownership: HubOwnership = {
    node: 'node-a',
    owns: (hubId) => owned.has(hubId),
    token: (hubId) => (owned.has(hubId) ? 3 : null),
    subscribe: (listener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  const gain = (hubId: number) => {
    owned.add(hubId);
    for (const l of listeners) l.gained(hubId, 3);
  };
  return { ownership, gain };
}

/** Left-over follow-ups in the database: rows `{ id, hub_id }`, filtered by the hub asked for. */
function pendingRows(rows: { id: number; hub_id: number }[]) {
  return {
    query: <R extends object>(_text: string, params: unknown[] = []) => {
      const hubId = params.at(-1);
      return Promise.resolve(
        rows.filter((r) => hubId === null || r.hub_id === hubId) as unknown as R[],
      );
    },
  };
}

const change = (id: number, hubId: number, status: StopChange['status']): StopChange => ({
  id,
  hubId,
  status,
  courierId: 1,
  sequence: null,
  eta: null,
});

/** An ORM whose every transaction fails with `err` (nothing written), or finds nothing to do. */
const ormFailingWith = (err?: Error) =>
  ({
    transaction: () => (err ? Promise.reject(err) : Promise.resolve(null)),
  }) as unknown as Orm;

function setUp(owned: number[], leftOver: { id: number; hub_id: number }[] = [], err?: Error) {
  const bus = new DomainBus();
  const { ownership, gain } = fakeOwnership(new Set(owned));
  const log = { error: vi.fn(), info: vi.fn() };
  const deps = { orm: ormFailingWith(err), db: pendingRows(leftOver), bus, log, ownership };
  const reattempts = new ReattemptService(deps);
  const returns = new CustomerReturns(deps);
  return {
    bus,
    gain,
    log,
    reattempts,
    returns,
    decided: vi.spyOn(reattempts, 'decide'),
    dropped: vi.spyOn(returns, 'dropped'),
  };
}

describe('re-attempts in a cluster', () => {
  it('decides a failure only when this node owns the stop’s hub', async () => {
    const { bus, reattempts, decided } = setUp([1]);
    await reattempts.start();
    bus.emit('stops:changed', [change(10, 1, 'failed'), change(20, 2, 'failed')]);
    await reattempts.settled();
    expect(decided.mock.calls).toEqual([[10]]);
    reattempts.stop();
  });

  it('decides at start only the left-over failures of hubs it owns', async () => {
    const { reattempts, decided } = setUp(
      [1],
      [
        { id: 10, hub_id: 1 },
        { id: 20, hub_id: 2 },
      ],
    );
    await reattempts.start();
    expect(decided.mock.calls).toEqual([[10]]);
    reattempts.stop();
  });

  it('decides what the old owner left undecided when it gains the hub', async () => {
    const { reattempts, decided, gain } = setUp([], [{ id: 20, hub_id: 2 }]);
    await reattempts.start();
    expect(decided).not.toHaveBeenCalled();
    gain(2);
    await reattempts.settled();
    expect(decided.mock.calls).toEqual([[20]]);
    reattempts.stop();
  });

  it('takes a fenced decision as the hub’s owner’s to make: logged at info, not an error', async () => {
    const { reattempts, log } = setUp([1], [], new FencedError(1, 'node-a', 3));
    expect(await reattempts.decide(10)).toBeNull();
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledTimes(1);
  });
});

describe('customer returns in a cluster', () => {
  it('returns a parcel only when this node owns the drop-off’s hub', async () => {
    const { bus, returns, dropped } = setUp([1]);
    await returns.start();
    bus.emit('stops:changed', [change(10, 1, 'delivered'), change(20, 2, 'delivered')]);
    await returns.settled();
    expect(dropped.mock.calls).toEqual([[10]]);
    returns.stop();
  });

  it('returns what the old owner left when it gains the hub', async () => {
    const { returns, dropped, gain } = setUp([], [{ id: 20, hub_id: 2 }]);
    await returns.start();
    expect(dropped).not.toHaveBeenCalled();
    gain(2);
    await returns.settled();
    expect(dropped.mock.calls).toEqual([[20]]);
    returns.stop();
  });

  it('takes a fenced return as the hub’s owner’s to make: logged at info, not an error', async () => {
    const { returns, log } = setUp([1], [], new FencedError(1, 'node-a', 3));
    expect(await returns.dropped(10)).toBeNull();
    expect(log.error).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledTimes(1);
  });
});
