import { describe, expect, it, vi } from 'vitest';
import type { Hub, Stop } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { UnassignedQueue, parseHubFilter, type QueueCalls } from './unassigned-queue.svelte';

const hub = (id: number, name: string): Hub => ({
  id,
  name,
  lat: 0,
  lng: 0,
  timezone: 'America/Campo_Grande',
  autoDispatch: false,
  onTimeTarget: 0.95,
});

function stop(id: number, hubId: number | null, orderRef: string | null = `A-${id}`): Stop {
  return {
    id,
    hubId,
    kind: 'delivery',
    orderRef,
    address: `${id} street`,
    lat: 0,
    lng: 0,
    cell: '',
    windowStart: 0,
    windowEnd: 3_600_000,
    serviceSeconds: 120,
    demand: 1,
    slaTier: 'same_day',
    status: 'unassigned',
    courierId: null,
    sequence: null,
    routeVersion: null,
    attempts: 0,
    eta: null,
  };
}

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);
const HUBS = [hub(1, 'Centro'), hub(2, 'Norte')];

function calls(over: Partial<QueueCalls> = {}): QueueCalls {
  return {
    fetchUnassigned: vi.fn().mockResolvedValue([stop(1, 1), stop(2, null), stop(3, null)]),
    assignHub: vi.fn().mockResolvedValue({ updated: 2 }),
    fetchOnRoute: vi.fn().mockResolvedValue([]),
    ...over,
  };
}

describe('parseHubFilter', () => {
  it('reads all, none or a hub id', () => {
    expect(parseHubFilter('all')).toBe('all');
    expect(parseHubFilter('none')).toBe('none');
    expect(parseHubFilter('7')).toBe(7);
  });
});

describe('the unassigned queue', () => {
  it("opens on the user's own hub for Set hub, else the first", async () => {
    const own = new UnassignedQueue(calls());
    await own.open(HUBS, 2);
    expect(own.targetHub).toBe(2);
    const any = new UnassignedQueue(calls());
    await any.open(HUBS, null);
    expect(any.targetHub).toBe(1);
    expect(any.stops.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(any.hubless.map((s) => s.id)).toEqual([2, 3]);
  });

  it('lists the stops of the chosen filter', async () => {
    const c = calls();
    const queue = new UnassignedQueue(c);
    await queue.setFilter('none');
    expect(c.fetchUnassigned).toHaveBeenLastCalledWith('none');
    expect(queue.filter).toBe('none');
  });

  it('keeps only selected stops that are still listed after a reload', async () => {
    const c = calls();
    const queue = new UnassignedQueue(c);
    await queue.open(HUBS, null);
    queue.toggle(1, true);
    queue.toggle(3, true);
    vi.mocked(c.fetchUnassigned).mockResolvedValueOnce([stop(3, null)]);
    await queue.load();
    expect(queue.selected).toEqual([3]);
    queue.toggle(3, false);
    expect(queue.selected).toEqual([]);
  });

  it('gives the stops without a hub the chosen hub, says so and reloads', async () => {
    const c = calls();
    const queue = new UnassignedQueue(c);
    await queue.open(HUBS, null);
    queue.selectHubless();
    queue.targetHub = 2;
    await queue.applyHub();
    expect(c.assignHub).toHaveBeenCalledWith([2, 3], 2);
    expect(queue.notice?.(t)).toBe('2 stops now at Norte: they can be planned.');
    expect(queue.notice?.(tp)).toBe('2 paradas agora em Norte: elas já podem ser planejadas.');
    expect(queue.selected).toEqual([]);
    expect(c.fetchUnassigned).toHaveBeenCalledTimes(2);
  });

  it('sets no hub when nothing is selected', async () => {
    const c = calls();
    const queue = new UnassignedQueue(c);
    await queue.open(HUBS, null);
    await queue.applyHub();
    expect(c.assignHub).not.toHaveBeenCalled();
  });

  it('shows a refusal in plain words and keeps the selection', async () => {
    const c = calls({
      assignHub: vi.fn().mockRejectedValue(new ApiError('forbidden', 'not your hub')),
    });
    const queue = new UnassignedQueue(c);
    await queue.open(HUBS, null);
    queue.toggle(2, true);
    await queue.applyHub();
    expect(queue.failure?.(t)).toBe('not your hub');
    expect(queue.selected).toEqual([2]);
  });

  it('shows why the queue could not load', async () => {
    const queue = new UnassignedQueue(
      calls({
        fetchUnassigned: vi.fn().mockRejectedValue(new ApiError('unavailable', 'down', 503)),
      }),
    );
    await queue.load();
    expect(queue.failure?.(tp)).toBe('down');
    expect(queue.loading).toBe(false);
  });

  it('finds stops on a route by part of their reference, in any case', async () => {
    const c = calls({
      fetchOnRoute: vi
        .fn()
        .mockResolvedValue([stop(4, 1, 'ORD-17'), stop(5, 1, 'ord-170'), stop(6, 1, null)]),
    });
    const queue = new UnassignedQueue(c);
    await queue.findOnRoute('  ');
    expect(c.fetchOnRoute).not.toHaveBeenCalled();
    expect(queue.found).toBeNull();
    await queue.findOnRoute(' Ord-17 ');
    expect(queue.found?.map((s) => s.id)).toEqual([4, 5]);
    await queue.saved(() => 'Stop ORD-17 saved.');
    expect(queue.found).toBeNull();
    expect(queue.notice?.(t)).toBe('Stop ORD-17 saved.');
  });

  it('names a hub it does not know by its number, and no hub plainly', () => {
    const queue = new UnassignedQueue(calls());
    queue.hubs = HUBS;
    expect(queue.hubName(1, t)).toBe('Centro');
    expect(queue.hubName(9, t)).toBe('Hub 9');
    expect(queue.hubName(null, t)).toBe('No hub');
    expect(queue.hubName(null, tp)).toBe('Sem hub');
  });
});
