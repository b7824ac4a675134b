import { H3_RES, VEHICLES, type Vehicle } from '@dispatch/shared';
import { getResolution, isValidCell } from 'h3-js';
import { ALL_DAY, type CellSpeedStats } from './speed-table';
import type { CourierPaceSnapshot, CourierPaceStats, GroupPaceStats } from './courier-pace';
import { parseStreetCircuity } from './street-circuity-snapshot';
import type { StreetCircuitySnapshot } from './street-circuity';
import { isFiniteNumber, isPlainObject } from '../lib/guards';

/** A snapshot entry: a value shared by all vehicles, or one vehicle's own (`vehicle`). */
export type SnapshotEntry = CellSpeedStats & { vehicle?: Vehicle };

/** Learned speeds as plain JSON, for the server to persist and reload. */
export interface LearnedSpeedsSnapshot {
  version: 1;
  /** The bucketing the buckets were learned under; other bucketing keeps only all-day values. */
  bucketMinutes: number;
  utcOffsetMinutes: number;
  entries: SnapshotEntry[];
  /** Couriers' own pace; absent from snapshots saved before it was learned. */
  courierPace?: CourierPaceSnapshot;
  /** The streets' circuity by direction and each vehicle's level; absent from older snapshots. */
  streetCircuity?: StreetCircuitySnapshot;
}

/** Checks a value read from storage; throws a RangeError saying what is wrong. */
export function parseLearnedSpeedsSnapshot(value: unknown): LearnedSpeedsSnapshot {
  if (!isPlainObject(value)) throw new RangeError('a learned-speeds snapshot must be an object');
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
      !isPlainObject(entry) ||
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
  const courierPace =
    value.courierPace === undefined ? {} : { courierPace: parsePace(value.courierPace) };
  const streetCircuity =
    value.streetCircuity === undefined
      ? {}
      : { streetCircuity: parseStreetCircuity(value.streetCircuity) };
  return {
    version: 1,
    bucketMinutes,
    utcOffsetMinutes,
    entries: parsed,
    ...courierPace,
    ...streetCircuity,
  };
}

function parsePace(value: unknown): CourierPaceSnapshot {
  if (!isPlainObject(value) || !Array.isArray(value.groups) || !Array.isArray(value.couriers)) {
    throw new RangeError('the courier pace of a learned-speeds snapshot needs groups and couriers');
  }
  const groups = value.groups.map((g: unknown, i): GroupPaceStats => {
    if (!isPlainObject(g) || typeof g.group !== 'string' || !hasTimeAverages(g)) {
      throw new RangeError(`courier pace group ${i} is malformed`);
    }
    return { group: g.group, ...timeAverages(g) };
  });
  const couriers = value.couriers.map((c: unknown, i): CourierPaceStats => {
    if (
      !isPlainObject(c) ||
      !(typeof c.courierId === 'string' || isFiniteNumber(c.courierId)) ||
      typeof c.group !== 'string' ||
      !hasTimeAverages(c) ||
      !isFiniteNumber(c.updatedAt)
    ) {
      throw new RangeError(`courier pace entry ${i} is malformed`);
    }
    return { courierId: c.courierId, group: c.group, ...timeAverages(c), updatedAt: c.updatedAt };
  });
  return { groups, couriers };
}

/** Positive moving averages of time and a whole, positive number of samples. */
interface TimeAverages {
  observedTime: number;
  predictedTime: number;
  samples: number;
}

function hasTimeAverages(
  value: Record<string, unknown>,
): value is Record<string, unknown> & TimeAverages {
  return (
    isFiniteNumber(value.observedTime) &&
    value.observedTime > 0 &&
    isFiniteNumber(value.predictedTime) &&
    value.predictedTime > 0 &&
    isFiniteNumber(value.samples) &&
    Number.isInteger(value.samples) &&
    value.samples >= 1
  );
}

/** The time averages of a checked entry, and nothing else of it. */
function timeAverages(value: TimeAverages): TimeAverages {
  return {
    observedTime: value.observedTime,
    predictedTime: value.predictedTime,
    samples: value.samples,
  };
}
