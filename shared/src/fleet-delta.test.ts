import { describe, expect, it } from 'vitest';
import { decodeFleetColumns, encodeFleetColumns, type FleetRow } from './fleet-delta';

describe('fleet columns', () => {
  const rows: FleetRow[] = [
    {
      id: 1,
      t: 1_000_000,
      lat: 52.520008,
      lng: 13.404954,
      speedMps: 4.5,
      heading: 90,
      status: 'en_route',
    },
    {
      id: 2,
      t: 999_000,
      lat: -20.4697,
      lng: -54.6201,
      speedMps: null,
      heading: null,
      status: 'offline',
    },
  ];

  it('round-trips rows to microdegree precision', () => {
    const back = decodeFleetColumns(encodeFleetColumns(rows, 1_000_500));
    expect(back).toEqual(rows);
  });

  it('sorts by id and delta-codes ids and coordinates, whatever the input order', () => {
    const cols = encodeFleetColumns([rows[1]!, rows[0]!], 1_000_500);
    expect(cols.id).toEqual([1, 1]);
    expect(cols.lat).toEqual([52_520_008, -20_469_700 - 52_520_008]);
    expect(decodeFleetColumns(cols)).toEqual(rows);
  });

  it('is at least five times smaller than one JSON object per courier', () => {
    const many: FleetRow[] = Array.from({ length: 1000 }, (_, i) => ({
      id: 1000 + i,
      t: 1_700_000_000_000 - i * 37,
      lat: 52.5 + i * 1.234567e-4,
      lng: 13.4 + i * 7.654321e-5,
      speedMps: (i % 17) * 0.73,
      heading: (i * 37) % 360,
      status: 'en_route',
    }));
    const naive = JSON.stringify(many).length;
    const compact = JSON.stringify(encodeFleetColumns(many, 1_700_000_000_000)).length;
    expect(compact * 5).toBeLessThan(naive);
  });
});
