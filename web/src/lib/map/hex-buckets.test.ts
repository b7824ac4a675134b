import { describe, expect, test } from 'vitest';
import { bucketByHex, hexFeatures, type HexIndexer } from './hex-buckets';

/** A square "hex" grid of 1° cells, enough to test the counting. */
const grid: HexIndexer = {
  cellOf: (lat, lng) => `${Math.floor(lat)}:${Math.floor(lng)}`,
  boundaryOf: (cell) => {
    const [lat, lng] = cell.split(':').map(Number) as [number, number];
    return [
      [lng, lat],
      [lng + 1, lat],
      [lng + 1, lat + 1],
      [lng, lat + 1],
      [lng, lat],
    ];
  },
};

describe('hex buckets', () => {
  test('count couriers and open / late stops per cell; closed stops do not count', () => {
    const buckets = bucketByHex(
      [
        [0.5, 0.5],
        [0.2, 0.9],
        [1.5, 0.5],
      ],
      [
        { lat: 0.1, lng: 0.1, open: true, late: true },
        { lat: 0.3, lng: 0.3, open: true, late: false },
        { lat: 0.4, lng: 0.4, open: false, late: false },
        { lat: 5.5, lng: 5.5, open: true, late: false },
      ],
      grid.cellOf,
    );
    expect(buckets.get('0:0')).toEqual({ cell: '0:0', couriers: 2, openStops: 2, lateStops: 1 });
    expect(buckets.get('1:0')).toMatchObject({ couriers: 1, openStops: 0 });
    expect(buckets.get('5:5')).toMatchObject({ couriers: 0, openStops: 1 });
  });

  test('features carry the outline and the late share', () => {
    const buckets = [{ cell: '0:0', couriers: 1, openStops: 4, lateStops: 1 }];
    const [feature] = hexFeatures(buckets, grid.boundaryOf).features;
    expect(feature!.geometry.coordinates[0]).toHaveLength(5);
    expect(feature!.properties).toMatchObject({ couriers: 1, lateShare: 0.25 });
  });
});
