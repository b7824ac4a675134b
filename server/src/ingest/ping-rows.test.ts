import { describe, expect, it } from 'vitest';
import type { Sql } from '../db/client';
import { writePings, type PingRow } from './ping-rows';

/** A transaction stand-in that records each statement's parameters. */
function recordingSql() {
  const params: string[][] = [];
  const tx = {
    async query<R extends object>(_text: string, values: string[] = []) {
      params.push(values);
      return [] as R[];
    },
  } as unknown as Sql;
  return { tx, params };
}

const fix = (overrides: Partial<PingRow> = {}): PingRow => ({
  courierId: 1,
  seq: 1,
  t: 1_700_000_000_000,
  receivedAt: 1_700_000_000_100,
  lat: 52.52,
  lng: 13.405,
  accuracyMeters: 5,
  speedMps: 3.5,
  heading: 90,
  battery: 0.5,
  cell: '891f1d48b67ffff',
  ...overrides,
});

describe('writePings', () => {
  it('stores a speed, accuracy, heading or battery too small for a real column as 0', async () => {
    const { tx, params } = recordingSql();
    await writePings(tx, [
      fix({ accuracyMeters: 3.4e-88, speedMps: 9.5e-278, heading: 1e-40, battery: 5e-324 }),
    ]);
    // Columns of the insert: courier, seq, t, received, lat, lng, acc, spd, hdg, bat, cell, flag.
    expect(params[0]!.slice(6, 10)).toEqual(['{0}', '{0}', '{0}', '{0}']);
  });

  it('keeps ordinary values as they are', async () => {
    const { tx, params } = recordingSql();
    await writePings(tx, [fix(), fix({ seq: 2, accuracyMeters: null, speedMps: 0.001 })]);
    expect(params[0]!.slice(4, 10)).toEqual([
      '{52.52,52.52}',
      '{13.405,13.405}',
      '{5,NULL}',
      '{3.5,0.001}',
      '{90,90}',
      '{0.5,0.5}',
    ]);
  });
});
