import { VEHICLES, type Vehicle } from '@dispatch/shared';
import { getResolution, isValidCell } from 'h3-js';
import type { CircuityArea, CircuityLevel, StreetCircuitySnapshot } from './street-circuity';
import { CITY_AREA, DISTRICT_RES, SECTORS } from './street-circuity';
import { isFiniteNumber, isPlainObject } from '../lib/guards';

/** Checks the street-circuity part of a stored snapshot; throws a RangeError saying what is wrong. */
export function parseStreetCircuity(value: unknown): StreetCircuitySnapshot {
  if (!isPlainObject(value) || !Array.isArray(value.areas)) {
    throw new RangeError('the street circuity of a learned-speeds snapshot needs areas');
  }
  if (value.sectors !== SECTORS) {
    // Learned under other sectors: nothing of it maps onto these, so it is left out.
    return { sectors: SECTORS, areas: [], levels: parseLevels(value.levels) };
  }
  const areas = value.areas.map((a: unknown, i): CircuityArea => {
    if (
      !isPlainObject(a) ||
      !(a.area === CITY_AREA || (typeof a.area === 'string' && isDistrict(a.area))) ||
      !isSectorList(a.means, (m) => m === 0 || m >= 1) ||
      !isSectorList(a.samples, (n) => Number.isInteger(n) && n >= 0)
    ) {
      throw new RangeError(`street circuity area ${i} is malformed`);
    }
    return { area: a.area as string, means: [...a.means], samples: [...a.samples] };
  });
  return { sectors: SECTORS, areas, levels: parseLevels(value.levels) };
}

function parseLevels(value: unknown): CircuityLevel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new RangeError('street circuity levels must be a list');
  return value.map((l: unknown, i): CircuityLevel => {
    if (
      !isPlainObject(l) ||
      !(VEHICLES as readonly unknown[]).includes(l.vehicle) ||
      !isFiniteNumber(l.mean) ||
      !(l.mean > 0) ||
      !isFiniteNumber(l.samples) ||
      !Number.isInteger(l.samples) ||
      l.samples < 1
    ) {
      throw new RangeError(`street circuity level ${i} is malformed`);
    }
    return { vehicle: l.vehicle as Vehicle, mean: l.mean, samples: l.samples };
  });
}

function isDistrict(cell: string): boolean {
  return isValidCell(cell) && getResolution(cell) === DISTRICT_RES;
}

function isSectorList(value: unknown, ok: (n: number) => boolean): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === SECTORS &&
    value.every((n) => isFiniteNumber(n) && ok(n))
  );
}
