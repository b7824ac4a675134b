import { describe, expect, it } from 'vitest';
import type { PingRow } from './ping-rows';
import { decodeFixes, encodeFixes } from './fix-codec';

describe('relayed fixes', () => {
  it('come back as the rows that were committed, through JSON', () => {
    const rows: PingRow[] = [
      {
        courierId: 7,
        seq: 42,
        t: 1_796_000_000_000,
        receivedAt: 1_796_000_000_350,
        lat: -20.4697,
        lng: -54.6201,
        accuracyMeters: 8,
        speedMps: 4.2,
        heading: 270,
        battery: 0.81,
        cell: '89a8c2d6b3fffff',
      },
      {
        courierId: 9,
        seq: 1,
        t: 1_796_000_001_000,
        receivedAt: 1_796_000_001_020,
        lat: -20.47,
        lng: -54.62,
        accuracyMeters: null,
        speedMps: null,
        heading: null,
        battery: null,
        cell: '89a8c2d6b37ffff',
      },
    ];
    expect(decodeFixes(JSON.parse(JSON.stringify(encodeFixes(rows))))).toEqual(rows);
  });
});
