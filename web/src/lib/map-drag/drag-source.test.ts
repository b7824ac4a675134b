import { describe, expect, test } from 'vitest';
import type { StopStatus } from '@dispatch/shared';
import { dragSourceOf, mayMoveStops } from './drag-source';

describe('mayMoveStops', () => {
  test('every console role may move stops, as the server lets them', () => {
    for (const role of ['dispatcher', 'supervisor', 'admin']) expect(mayMoveStops(role)).toBe(true);
  });

  test('no other role may', () => {
    expect(mayMoveStops('courier')).toBe(false);
    expect(mayMoveStops('')).toBe(false);
  });
});

describe('dragSourceOf', () => {
  const stop = (status: StopStatus, courierId: number | null = 4) => ({ status, courierId });

  test('a stop still to visit on the selected route drags from its courier', () => {
    expect(dragSourceOf(stop('assigned'), 4)).toBe(4);
    expect(dragSourceOf(stop('en_route'), 4)).toBe(4);
  });

  test('a stop reached or finished stays where it is', () => {
    for (const status of ['arrived', 'delivered', 'failed'] as const)
      expect(dragSourceOf(stop(status), 4)).toBeNull();
  });

  test('only stops of the selected courier drag, and only with one selected', () => {
    expect(dragSourceOf(stop('assigned', 5), 4)).toBeNull();
    expect(dragSourceOf(stop('assigned'), null)).toBeNull();
    expect(dragSourceOf(undefined, 4)).toBeNull();
  });
});
