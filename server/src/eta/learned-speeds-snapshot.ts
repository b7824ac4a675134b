import { H3_RES, VEHICLES, type Vehicle } from '@dispatch/shared';
import { getResolution, isValidCell } from 'h3-js';
import { ALL_DAY, type CellSpeedStats } from './speed-table';

/** A snapshot entry: a value shared by all vehicles, or one vehicle's own (`vehicle`). */
export type SnapshotEntry = CellSpeedStats & { vehicle?: Vehicle };

/** Learned speeds as plain JSON, for the server to persist and reload. */
export interface LearnedSpeedsSnapshot {
  version: 1;
  /** The bucketing the buckets were learned under; other bucketing keeps only all-day values. */
  bucketMinutes: number;
  utcOffsetMinutes: number;
  entries: SnapshotEntry[];
}

/** Checks a value read from storage; throws a RangeError saying what is wrong. */
export function parseLearnedSpeedsSnapshot(value: unknown): LearnedSpeedsSnapshot {
  if (!isRecord(value)) throw new RangeError('a learned-speeds snapshot must be an object');
  if (value.version !== 1) {
    throw new RangeError(`unsupported learned-speeds snapshot version ${String(value.version)}`);
  }
  const { bucketMinutes, utcOffsetMinutes, entries } = value;
  if (!isFiniteNumber(bucketMinutes) || !isFiniteNumber(utcOffsetMinutes)) {
    throw new RangeError('a learned-speeds snapshot needs bucketMinutes and utcOffsetMinutes');
  }
  if (!Array.isArray(entries)) throw new RangeError('a learned-speeds snapshot needs entries');
  const parsed = entries.map((entry: unknown, i): SnapshotEntry => {
    if (
      !isRecord(entry) ||
      typeof entry.cell !== 'string' ||
      !isValidCell(entry.cell) ||
      getResolution(entry.cell) !== H3_RES.area ||
      !isFiniteNumber(entry.bucket) ||
      !Number.isInteger(entry.bucket) ||
      entry.bucket < ALL_DAY ||
      !isFiniteNumber(entry.paceRatio) ||
      entry.paceRatio <= 0 ||
      !isFiniteNumber(entry.samples) ||
      !Number.isInteger(entry.samples) ||
      entry.samples < 1 ||
      !isFiniteNumber(entry.updatedAt) ||
      (entry.vehicle !== undefined && !(VEHICLES as readonly unknown[]).includes(entry.vehicle))
    ) {
      throw new RangeError(`learned-speeds snapshot entry ${i} is malformed`);
    }
    return {
      cell: entry.cell,
      bucket: entry.bucket,
      paceRatio: entry.paceRatio,
      samples: entry.samples,
      updatedAt: entry.updatedAt,
      ...(entry.vehicle === undefined ? {} : { vehicle: entry.vehicle as Vehicle }),
    };
  });
  return { version: 1, bucketMinutes, utcOffsetMinutes, entries: parsed };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
