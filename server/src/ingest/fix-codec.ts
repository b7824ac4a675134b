import type { PingRow } from './ping-rows';

/** The fields a relayed fix carries, in their order in the array (the one place it is spelled). */
const FIELDS = [
  'courierId',
  'seq',
  't',
  'receivedAt',
  'lat',
  'lng',
  'accuracyMeters',
  'speedMps',
  'heading',
  'battery',
  'cell',
] as const satisfies readonly (keyof PingRow)[];

type Field = (typeof FIELDS)[number];

/**
 * A committed fix as the cluster relays it: a positional array in `FIELDS` order, about a third
 * of the JSON of the object.
 */
export type EncodedFix = {
  [K in keyof typeof FIELDS]: (typeof FIELDS)[K] extends Field
    ? PingRow[(typeof FIELDS)[K]]
    : never;
};

export function encodeFixes(rows: readonly PingRow[]): EncodedFix[] {
  return rows.map((r) => FIELDS.map((f) => r[f]) as unknown as EncodedFix);
}

export function decodeFixes(encoded: readonly EncodedFix[]): PingRow[] {
  return encoded.map((fix) => {
    const row = {} as Record<Field, unknown>;
    FIELDS.forEach((f, i) => (row[f] = fix[i]));
    return row as Pick<PingRow, Field>;
  });
}
