import type { PingRow } from './ping-rows';

/**
 * A committed fix as the cluster relays it: a positional array, about a third of the JSON of
 * the object. Order: courier, seq, t, receivedAt, lat, lng, accuracy, speed, heading, battery,
 * cell.
 */
export type EncodedFix = [
  number,
  number,
  number,
  number,
  number,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  string,
];

export function encodeFixes(rows: readonly PingRow[]): EncodedFix[] {
  return rows.map((r) => [
    r.courierId,
    r.seq,
    r.t,
    r.receivedAt,
    r.lat,
    r.lng,
    r.accuracyMeters,
    r.speedMps,
    r.heading,
    r.battery,
    r.cell,
  ]);
}

export function decodeFixes(encoded: readonly EncodedFix[]): PingRow[] {
  return encoded.map(
    ([
      courierId,
      seq,
      t,
      receivedAt,
      lat,
      lng,
      accuracyMeters,
      speedMps,
      heading,
      battery,
      cell,
    ]) => ({
      courierId,
      seq,
      t,
      receivedAt,
      lat,
      lng,
      accuracyMeters,
      speedMps,
      heading,
      battery,
      cell,
    }),
  );
}
