import { describe, expect, it, vi } from 'vitest';
import type { AlertView, SuggestionView } from '@dispatch/shared';
import { exampleAlert, exampleSuggestion } from '../../../test/factories/api-fixtures';
import { makeRosterProfile, makeRosterStop } from '../../../test/factories/roster-factories';
import { FencedError, NO_FENCE, type Fence } from '../cluster/fence';
import { soleOwner, type HubOwnership, type OwnershipListener } from '../cluster/hub-ownership';
import { DomainBus } from '../events/bus';
import { CourierRoster, type StoredStop } from '../fleet/courier-roster';
import type { ProposalEngine, ProposalRequest } from './proposals';
import type { Proposal } from './suggest';
import type { Tx } from './reassign-service';
import type { WriteGuard } from './suggestion-fence';
import { SuggestionTriggers } from './suggestion-triggers';

const NOW = Date.now();
const HOUR = 3_600_000;

/** A HubOwnership whose hubs the test hands out and takes back, telling the listener. */
function fakeOwnership(owned: number[]) {
  const hubs = new Set(owned);
  let listener: OwnershipListener | null = null;
  const ownership: HubOwnership = {
    node: 'node-a',
    owns: (hubId) => hubs.has(hubId),
    token: (hubId) => (hubs.has(hubId) ? 1 : null),
    subscribe: (l) => {
      listener = l;
      return () => (listener = null);
    },
  };
  return {
    ownership,
    gain(hubId: number) {
      hubs.add(hubId);
      listener?.gained(hubId, 2);
    },
    lose(hubId: number) {
      hubs.delete(hubId);
      listener?.lost(hubId);
    },
  };
}

/** A fence that refuses, as the lease would, every hub `ownership` does not hold; records checks. */
function recordingFence(ownership: HubOwnership) {
  const checked: number[] = [];
  const fence: Fence = {
    check: (_tx, hubId) => {
      checked.push(hubId);
      return ownership.owns(hubId)
        ? Promise.resolve()
        : Promise.reject(new FencedError(hubId, ownership.node, 1));
    },
  };
  return { fence, checked };
}

/** Suggestions kept in memory; each write runs its guard first, as the service does. */
function memorySuggestions() {
  const created: { stopIds: number[]; toCourierId: number }[] = [];
  const expired: unknown[] = [];
  // The alert a proposal answers is always still open here (`whileAlertOpen` finds its row).
  const tx = { execute: () => Promise.resolve([{ open: 1 }]) } as unknown as Tx;
  const service = {
    hasOpen: () => Promise.resolve(false),
    create: async (
      input: { stopIds: number[]; toCourierId: number },
      _a: unknown,
      guard?: WriteGuard,
    ) => {
      await guard?.(tx);
      created.push({ stopIds: input.stopIds, toCourierId: input.toCourierId });
      return exampleSuggestion({ id: created.length, stopIds: input.stopIds }) as SuggestionView;
    },
    accept: () => Promise.reject(new Error('no policy accepts in these tests')),
    expire: async (filter: unknown, guard?: WriteGuard) => {
      await guard?.(tx);
      expired.push(filter);
      return [];
    },
    agedHubs: () => Promise.resolve([]),
  };
  return { service, created, expired };
}

/** An engine that proposes moving the trigger's stop to courier 2; `hold` keeps it busy. */
function fakeEngine() {
  const asked: string[] = [];
  let release: (() => void) | null = null;
  let held: Promise<void> | null = null;
  const engine: ProposalEngine = {
    where: 'worker',
    indexesModel: false,
    async propose(_model, request: ProposalRequest) {
      const t = request.trigger;
      asked.push('stopId' in t ? `${t.kind} stop ${t.stopId}` : `${t.kind} courier ${t.courierId}`);
      if (held) await held;
      const stopId = 'stopId' in t ? t.stopId : 101;
      return { proposals: [proposal(stopId)], candidatesExamined: 1 };
    },
    busySeconds: () => 0,
    close: () => Promise.resolve(),
  };
  return {
    engine,
    asked,
    hold() {
      held = new Promise((resolve) => (release = resolve));
    },
    release() {
      held = null;
      release?.();
    },
  };
}

function proposal(stopId: number): Proposal {
  return {
    kind: 'late_risk',
    stopIds: [stopId],
    fromCourierId: 1,
    toCourierId: 2,
    insertPosition: 1,
    moves: [{ stopId, toCourierId: 2, insertPosition: 1 }],
    routeVersions: { '1': 1, '2': 1 },
    score: 5,
    explanation: 'move it',
    effect: {
      latenessRemovedMinutes: 0,
      addedMinutes: 2,
      otherStopsOnTime: 0,
      otherStopsMadeLate: [],
      arrivals: [],
    },
    candidatesExamined: 1,
  } as Proposal;
}

/** Couriers 1 and 2 of hub 1 (stop 101 on courier 1), courier 3 of hub 2 (stop 201). */
function roster(): CourierRoster {
  const r = new CourierRoster();
  const window = { lat: -20.46, lng: -54.61, windowStart: NOW - HOUR, windowEnd: NOW + HOUR };
  for (const [id, hubId] of [
    [1, 1],
    [2, 1],
    [3, 2],
  ] as const)
    r.upsert(makeRosterProfile(id, { hubId }));
  r.setRoute(1, [makeRosterStop(101, 1, window)]);
  r.setRoute(3, [makeRosterStop(201, 3, { ...window, hubId: 2 })]);
  return r;
}

interface Setup {
  ownership: HubOwnership;
  fence: Fence;
  /** What the database answers to the pick-up's queries: open alert ids and waiting stop ids. */
  pending?: { alertIds: number[]; stopIds: number[] };
  /** Open alerts by id, as the alert service lists them. */
  stored?: AlertView[];
}

function triggersWith(setup: Setup) {
  const bus = new DomainBus();
  const suggestions = memorySuggestions();
  const engine = fakeEngine();
  const infos: string[] = [];
  const queries: { text: string; params: unknown[] }[] = [];
  const pending = setup.pending ?? { alertIds: [], stopIds: [] };
  const triggers = new SuggestionTriggers({
    db: {
      query: <R extends object>(text: string, params: unknown[] = []) => {
        queries.push({ text, params });
        const rows = text.includes('from alerts')
          ? pending.alertIds.map((id) => ({ id }))
          : text.includes('from stops st')
            ? pending.stopIds.map((id) => ({ id }))
            : [];
        return Promise.resolve(rows as unknown as R[]);
      },
    },
    bus,
    fleet: { get: () => undefined },
    roster: roster(),
    engine: engine.engine,
    detection: {
      msUntilNextTick: () => 1e9,
      afterNextTick: () => Promise.resolve(),
      settled: () => Promise.resolve(),
      windowMarginMinutes: 0,
    },
    storedStop: (stopId) =>
      Promise.resolve({
        ...makeRosterStop(stopId, 0, {
          lat: -20.46,
          lng: -54.61,
          windowStart: NOW,
          windowEnd: NOW + HOUR,
        }),
        courierId: null,
        status: 'unassigned',
        hubId: 2,
      } as StoredStop),
    orderStops: () => Promise.resolve([]),
    suggestions: suggestions.service,
    ownership: setup.ownership,
    fence: setup.fence,
    alerts: (ids) => Promise.resolve((setup.stored ?? []).filter((a) => ids.includes(a.id))),
    log: { error: () => undefined, info: (_o, msg) => infos.push(msg) },
    detectTickMs: 1000,
  });
  triggers.start();
  return { triggers, bus, suggestions, engine, infos, queries };
}

const lateAt = (id: number, stopId: number, hubId: number | null) =>
  exampleAlert({ id, kind: 'late_risk', stopId, courierId: null, hubId, details: {} });

/** Resolves once the triggers have taken up what the test just told them. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('suggestion triggers and hub ownership', () => {
  it("proposes for a situation of a hub this node owns and leaves another hub's to its owner", async () => {
    const { ownership } = fakeOwnership([1]);
    const { fence, checked } = recordingFence(ownership);
    const { triggers, bus, suggestions, engine } = triggersWith({ ownership, fence });
    bus.emit('alert:changed', lateAt(7, 101, 1));
    bus.emit('alert:changed', lateAt(8, 201, 2));
    bus.emit('stops:changed', [
      { id: 301, hubId: 2, status: 'unassigned', courierId: null, sequence: null, eta: null },
    ]);
    await triggers.settled();
    expect(engine.asked).toEqual(['late_risk stop 101']);
    expect(suggestions.created).toEqual([{ stopIds: [101], toCourierId: 2 }]);
    expect(checked).toEqual([1]);
  });

  it('proposes for every hub, and for situations of no hub, on a node alone', async () => {
    const { triggers, bus, engine } = triggersWith({
      ownership: soleOwner('alone'),
      fence: NO_FENCE,
    });
    bus.emit('alert:changed', lateAt(7, 101, 1));
    bus.emit('alert:changed', lateAt(8, 201, 2));
    bus.emit('alert:changed', lateAt(9, 999, null));
    await triggers.settled();
    expect(engine.asked).toEqual([
      'late_risk stop 101',
      'late_risk stop 201',
      'late_risk stop 999',
    ]);
  });

  it('leaves situations of no hub alone in a cluster, where no lease could fence them', async () => {
    const { ownership } = fakeOwnership([1, 2]);
    const { triggers, bus, engine } = triggersWith({
      ownership,
      fence: recordingFence(ownership).fence,
    });
    bus.emit('alert:changed', lateAt(9, 999, null));
    await triggers.settled();
    expect(engine.asked).toEqual([]);
  });

  it('drops the queued situations of a hub it loses, and writes nothing for the one under way', async () => {
    const hubs = fakeOwnership([1, 2]);
    const { fence } = recordingFence(hubs.ownership);
    const { triggers, bus, suggestions, engine, infos } = triggersWith({
      ownership: hubs.ownership,
      fence,
    });
    engine.hold();
    bus.emit('alert:changed', lateAt(7, 101, 1));
    await turn();
    // While 101 is being computed, more of hub 1 waits in the queue.
    bus.emit('alert:changed', exampleAlert({ id: 8, kind: 'stalled', courierId: 1, hubId: 1 }));
    bus.emit('alert:changed', lateAt(9, 201, 2));
    expect(triggers.queueLength).toBe(2);
    hubs.lose(1);
    expect(triggers.queueLength).toBe(1);
    engine.release();
    await triggers.settled();
    expect(engine.asked).toEqual(['late_risk stop 101', 'late_risk stop 201']);
    // The proposal for hub 1 met the fence: not kept, and the triggers carried on with hub 2.
    expect(suggestions.created).toEqual([{ stopIds: [201], toCourierId: 2 }]);
    expect(infos).toContain('hub handed over: proposal not kept');
  });

  it("picks up a gained hub's open alerts and waiting stops as stored, and asks for proposals", async () => {
    const hubs = fakeOwnership([1]);
    const { triggers, engine, queries } = triggersWith({
      ownership: hubs.ownership,
      fence: recordingFence(hubs.ownership).fence,
      pending: { alertIds: [8], stopIds: [301] },
      stored: [lateAt(8, 201, 2)],
    });
    hubs.gain(2);
    await vi.waitFor(() => expect(engine.asked).toHaveLength(2));
    await triggers.settled();
    expect(engine.asked).toEqual(['late_risk stop 201', 'unassigned stop 301']);
    const pickUps = queries.filter((q) => q.params[0] === 2);
    expect(
      pickUps.map((q) => q.text.includes('from alerts') || q.text.includes('from stops st')),
    ).toEqual([true, true]);
  });

  it("expires a resolved alert's suggestions only on the owner of its hub, fenced by that hub", async () => {
    const { ownership } = fakeOwnership([1]);
    const { fence, checked } = recordingFence(ownership);
    const { bus, suggestions } = triggersWith({ ownership, fence });
    bus.emit('alert:changed', { ...lateAt(7, 101, 1), resolvedAt: NOW });
    bus.emit('alert:changed', { ...lateAt(8, 201, 2), resolvedAt: NOW });
    await turn();
    expect(suggestions.expired).toEqual([{ resolvedAlertId: 7 }]);
    expect(checked).toEqual([1]);
  });
});
