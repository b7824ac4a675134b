import { describe, expect, test } from 'vitest';
import { ApiError } from '../api';
import { ReassignDraft, RouteVersions, buildReassignRequest } from './reassignment.svelte';

const owners: Record<number, number | null> = { 10: 1, 11: 2, 12: null, 13: 3 };
const ownerOf = (id: number) => owners[id];

function versions(): RouteVersions {
  const v = new RouteVersions();
  v.noteAll({ '1': 4, '2': 7, '3': 1 });
  return v;
}

describe('buildReassignRequest', () => {
  test('carries the versions of the current owners and of the receiver', () => {
    expect(buildReassignRequest([10, 11, 12], 3, ownerOf, versions())).toEqual({
      stopIds: [10, 11, 12],
      toCourierId: 3,
      routeVersions: { '1': 4, '2': 7, '3': 1 },
    });
  });

  test('stops already on the receiving route are left out', () => {
    expect(buildReassignRequest([10, 13], 3, ownerOf, versions())).toMatchObject({ stopIds: [10] });
    expect(buildReassignRequest([13], 3, ownerOf, versions())).toHaveProperty('problem');
  });

  test('an unknown route version is a problem, not a guess', () => {
    expect(buildReassignRequest([10], 99, ownerOf, versions())).toHaveProperty('problem');
  });
});

describe('RouteVersions', () => {
  test('a version never goes back', () => {
    const v = versions();
    v.note(1, 2);
    expect(v.get(1)).toBe(4);
    v.note(1, 6);
    expect(v.get(1)).toBe(6);
  });
});

describe('ReassignDraft', () => {
  const request = { stopIds: [10], toCourierId: 3, routeVersions: { '1': 4, '3': 1 } };

  test('a successful move keeps the new versions', async () => {
    const draft = new ReassignDraft();
    const outcome = await draft.submit(request, async () => ({
      movedStopIds: [10],
      routeVersions: { '1': 5, '3': 2 },
    }));
    expect(outcome).toEqual({
      state: 'applied',
      result: { movedStopIds: [10], routeVersions: { '1': 5, '3': 2 } },
    });
    expect(draft.pending).toBe(false);
  });

  test('a conflict keeps the reason to show', async () => {
    const draft = new ReassignDraft();
    await draft.submit(request, async () => {
      throw new ApiError('conflict', 'route of courier 1 is at version 5, not 4');
    });
    expect(draft.outcome).toEqual({
      state: 'conflict',
      reason: 'route of courier 1 is at version 5, not 4',
    });
  });
});
