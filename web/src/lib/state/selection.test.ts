import { describe, expect, test } from 'vitest';
import { Selection, findPair, type PairableStop } from './selection.svelte';

const stops: PairableStop[] = [
  { id: 1, kind: 'pickup', orderRef: 'A-1' },
  { id: 2, kind: 'delivery', orderRef: 'A-1' },
  { id: 3, kind: 'delivery', orderRef: 'B-7' },
];

describe('Selection', () => {
  test('shift-click adds and removes stops; a plain click replaces the selection', () => {
    const selection = new Selection();
    selection.pickStop(1, false);
    selection.pickStop(2, true);
    expect(selection.stopList).toEqual([1, 2]);
    selection.pickStop(1, true);
    expect(selection.stopList).toEqual([2]);
    selection.pickStop(3, false);
    expect(selection.stopList).toEqual([3]);
  });

  test('Escape clears stops, then the pair, then the courier', () => {
    const selection = new Selection();
    selection.selectCourier(9);
    selection.highlightPairOf(stops[0]!, stops);
    selection.toggleStop(3);
    expect(selection.clearStep()).toBe('stops');
    expect(selection.clearStep()).toBe('pair');
    expect(selection.clearStep()).toBe('courier');
    expect(selection.clearStep()).toBeNull();
    expect(selection.courierId).toBeNull();
  });
});

describe('findPair', () => {
  test('finds the pickup and delivery sharing an order reference', () => {
    expect(findPair(stops[1]!, stops)).toEqual({ orderRef: 'A-1', pickupId: 1, dropId: 2 });
  });

  test('a delivery without a pickup has no pair', () => {
    expect(findPair(stops[2]!, stops)).toBeNull();
  });
});
