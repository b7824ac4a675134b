import { describe, expect, it } from 'vitest';
import type { PlanOutcome, PlanPreview, Stop } from '@dispatch/shared';
import {
  PlanBoard,
  planSummary,
  planUnavailableReason,
  previewFigures,
  unassignedByHub,
} from './planning.svelte';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';

const t = translator('en', en, en);
const pt = translator('pt-BR', ptBR, en);

function stop(id: number, hubId: number | null, status: Stop['status']): Stop {
  return {
    id,
    hubId,
    kind: 'delivery',
    orderRef: `R-${id}`,
    address: 'Rua 1',
    lat: 0,
    lng: 0,
    cell: '89a8c0a1a1bffff',
    windowStart: 0,
    windowEnd: 1,
    serviceSeconds: 60,
    demand: 1,
    slaTier: 'same_day',
    status,
    courierId: null,
    sequence: null,
    routeVersion: null,
    attempts: 0,
    eta: null,
  };
}

function outcome(overrides: Partial<PlanOutcome> = {}): PlanOutcome {
  return {
    hubId: 1,
    planned: 24,
    couriers: [
      { courierId: 1, name: 'Ana', added: 12, totalStops: 12 },
      { courierId: 2, name: 'Ben', added: 12, totalStops: 14 },
    ],
    late: [],
    unplanned: [],
    travelMinutes: 120,
    maxStopsPerCourier: 15,
    routeVersions: { '1': 2, '2': 5 },
    elapsedMs: 900,
    ...overrides,
  };
}

describe('unassignedByHub', () => {
  it('counts unassigned stops per hub and ignores the rest', () => {
    const counts = unassignedByHub([
      stop(1, 1, 'unassigned'),
      stop(2, 1, 'unassigned'),
      stop(3, 2, 'unassigned'),
      stop(4, 1, 'assigned'),
      stop(5, null, 'unassigned'),
    ]);
    expect([...counts]).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});

describe('planSummary', () => {
  it('says how many stops went to how many couriers, and the limit', () => {
    expect(planSummary(outcome(), t)).toBe('Planned 24 stops onto 2 couriers (at most 15 each).');
  });

  it('names late stops and groups what was left out by reason', () => {
    const late = outcome({
      planned: 1,
      couriers: [{ courierId: 1, name: 'Ana', added: 1, totalStops: 1 }],
      late: [{ stopId: 9, lateMinutes: 12 }],
      unplanned: [
        { stopId: 3, reason: 'its window has already closed' },
        { stopId: 4, reason: 'its window has already closed' },
        { stopId: 5, reason: 'no courier can get there within its window, shift and capacity' },
      ],
    });
    expect(planSummary(late, t)).toBe(
      'Planned 1 stop onto 1 courier (at most 15 each) · 1 of them predicted late · 3 left unassigned: ' +
        'its window has already closed (2); no courier can get there within its window, shift and capacity (1).',
    );
    expect(planSummary(late, pt)).toBe(
      '1 parada planejada para 1 entregador (no máximo 15 cada) · 1 delas com previsão de atraso · ' +
        '3 ficaram sem atribuição: its window has already closed (2); ' +
        'no courier can get there within its window, shift and capacity (1).',
    );
  });

  it('says when there was nothing to plan', () => {
    expect(planSummary(outcome({ planned: 0, couriers: [] }), t)).toBe('Nothing to plan.');
    expect(planSummary(outcome({ planned: 0, couriers: [] }), pt)).toBe('Nada a planejar.');
  });
});

function preview(overrides: Partial<PlanPreview> = {}): PlanPreview {
  return {
    planId: '6f1c2a3b-0000-4000-8000-000000000001',
    hubId: 1,
    createdAt: 0,
    expiresAt: 600_000,
    unassigned: 8,
    planned: 6,
    couriers: [
      courier({ courierId: 1, name: 'Ana', added: 4, stopsAfter: 6 }),
      courier({ courierId: 2, name: 'Ben', added: 2, stopsAfter: 3 }),
      courier({ courierId: 3, name: 'Cy', added: 0, reordered: 2 }),
    ],
    km: { before: 12.5, after: 30 },
    lateStops: { before: 1, after: 2 },
    late: [{ stopId: 9, label: '#A-9', lateMinutes: 12 }],
    unplanned: [
      { stopId: 3, label: '#A-3', reason: 'its window has already closed' },
      { stopId: 4, label: '#A-4', reason: 'its window has already closed' },
    ],
    maxStopsPerCourier: 8,
    ...overrides,
  };
}

function courier(overrides: Partial<PlanPreview['couriers'][number]>) {
  return {
    courierId: 1,
    name: 'Ana',
    added: 0,
    reordered: 0,
    stopsBefore: 2,
    stopsAfter: 2,
    kmBefore: 3,
    kmAfter: 3,
    lateBefore: 0,
    lateAfter: 0,
    ...overrides,
  };
}

describe('previewFigures', () => {
  it('gives what is planned onto whom, km and late stops before and after, and what is left out', () => {
    expect(previewFigures(preview(), t)).toEqual([
      { label: 'Stops planned', value: '6 of 8 unassigned, onto 2 couriers' },
      { label: 'Distance (straight line)', value: '12.5 km → 30 km' },
      { label: 'Late stops on these routes', value: '1 → 2' },
      { label: 'Routes only re-ordered', value: '1 courier' },
      { label: 'Left unassigned', value: '2: its window has already closed (2)' },
    ]);
  });

  it('writes the figures and their numbers the Brazilian way', () => {
    expect(previewFigures(preview(), pt).slice(0, 2)).toEqual([
      { label: 'Paradas planejadas', value: '6 de 8 não atribuídas, para 2 entregadores' },
      { label: 'Distância (em linha reta)', value: '12,5 km → 30 km' },
    ]);
  });
});

describe('planUnavailableReason', () => {
  it('says why the plan button cannot be used, and nothing when it can', () => {
    expect(planUnavailableReason({ unassigned: 0, busy: false, hubKnown: true }, t)).toMatch(
      /^Nothing to plan/,
    );
    expect(planUnavailableReason({ unassigned: 3, busy: true, hubKnown: true }, t)).toBe(
      'A plan is being made',
    );
    expect(planUnavailableReason({ unassigned: 3, busy: false, hubKnown: false }, t)).toBe(
      'No hub to plan for',
    );
    expect(planUnavailableReason({ unassigned: 3, busy: false, hubKnown: true }, t)).toBeNull();
    expect(planUnavailableReason({ unassigned: 3, busy: true, hubKnown: true }, pt)).toBe(
      'Um plano está sendo feito',
    );
  });
});

describe('PlanBoard', () => {
  const never = () => Promise.reject(new Error('not called'));

  it('opens with a preview and applies it on accept, keeping the outcome in words', async () => {
    const board = new PlanBoard(t);
    let finish: (p: PlanPreview) => void = () => {};
    const started = board.start(1, { preview: () => new Promise((r) => (finish = r)) });
    expect(board.phase).toBe('planning');
    expect(board.open).toBe(true);
    finish(preview());
    await started;
    expect(board.phase).toBe('ready');
    const accepted: string[] = [];
    const result = await board.accept({
      accept: (hubId, planId) => {
        accepted.push(`${hubId}:${planId}`);
        return Promise.resolve(outcome());
      },
    });
    expect(accepted).toEqual(['1:6f1c2a3b-0000-4000-8000-000000000001']);
    expect(result?.planned).toBe(24);
    expect(board.open).toBe(false);
    expect(board.message).toContain('Planned 24 stops');
  });

  it('keeps the dialog open with the reason when accepting is refused, and the plan spent', async () => {
    const board = new PlanBoard(t);
    await board.start(1, { preview: () => Promise.resolve(preview()) });
    const result = await board.accept({
      accept: () =>
        Promise.reject(new Error('Routes changed since this plan was made; plan again')),
    });
    expect(result).toBeNull();
    expect(board.phase).toBe('ready');
    expect(board.preview).toBeNull();
    expect(board.error).toBe('Routes changed since this plan was made; plan again');
    expect(await board.accept({ accept: never })).toBeNull();
  });

  it('closes on discard and tells the server to forget the plan', async () => {
    const board = new PlanBoard(t);
    await board.start(1, { preview: () => Promise.resolve(preview()) });
    const discarded: string[] = [];
    await board.discard({
      discard: (_, planId) => {
        discarded.push(planId);
        return Promise.resolve();
      },
    });
    expect(discarded).toEqual(['6f1c2a3b-0000-4000-8000-000000000001']);
    expect(board.open).toBe(false);
    expect(board.message).toBeNull();
  });

  it('reports a plan that could not be made without throwing', async () => {
    const board = new PlanBoard(t);
    await board.start(1, { preview: () => Promise.reject(new Error('hub 1 does not exist')) });
    expect(board.phase).toBe('ready');
    expect(board.error).toBe('The plan could not be made: hub 1 does not exist');
  });

  it('words its outcome and its problems in the console language', async () => {
    const board = new PlanBoard(pt);
    await board.start(1, { preview: () => Promise.reject(new Error('hub 1 does not exist')) });
    expect(board.error).toBe('Não foi possível fazer o plano: hub 1 does not exist');
    await board.start(1, { preview: () => Promise.resolve(preview()) });
    await board.accept({ accept: () => Promise.resolve(outcome()) });
    expect(board.message).toBe('24 paradas planejadas para 2 entregadores (no máximo 15 cada).');
  });
});
