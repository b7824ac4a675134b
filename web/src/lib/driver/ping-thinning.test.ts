import { describe, expect, test } from 'vitest';
import { compileValidator, PingSchema } from '@dispatch/shared';
import { dueAt, nextSeq, pingOf, shouldKeep, THINNING, type Fix } from './ping-thinning';

const T0 = 1_750_000_000_000;
/** About 1.1 m per 1e-5 degree of latitude. */
const fix = (seconds: number, northMeters = 0): Fix => ({
  t: T0 + seconds * 1000,
  lat: -20.47 + northMeters / 111_195,
  lng: -54.62,
});

describe('thinning fixes', () => {
  test('the first fix is always kept', () => {
    expect(shouldKeep(null, fix(0))).toBe(true);
  });

  test('a moving courier sends about every 5 seconds, not faster', () => {
    expect(shouldKeep(fix(0), fix(2, 30))).toBe(false);
    expect(shouldKeep(fix(0), fix(THINNING.movingIntervalMs / 1000, 30))).toBe(true);
  });

  test('a courier standing still sends every 30 seconds', () => {
    expect(shouldKeep(fix(0), fix(10, 3))).toBe(false);
    expect(shouldKeep(fix(0), fix(29, 9))).toBe(false);
    expect(shouldKeep(fix(0), fix(30, 9))).toBe(true);
  });

  test('moving is measured from the last kept fix, 10 m or more', () => {
    expect(shouldKeep(fix(0), fix(6, 9))).toBe(false);
    expect(shouldKeep(fix(0), fix(6, 11))).toBe(true);
  });

  test('a fix that came too soon is due a moving or a standing interval after the last kept one', () => {
    expect(dueAt(fix(0), fix(2, 30))).toBe(T0 + THINNING.movingIntervalMs);
    expect(dueAt(fix(0), fix(2, 3))).toBe(T0 + THINNING.standingIntervalMs);
  });

  test('a fix no newer than the last kept one is dropped', () => {
    expect(shouldKeep(fix(10), fix(10, 50))).toBe(false);
    expect(shouldKeep(fix(10), fix(0, 50))).toBe(false);
  });
});

describe('sequence numbers', () => {
  test('count up by one within a second', () => {
    const s = nextSeq(0, T0);
    expect(nextSeq(s, T0)).toBe(s + 1);
    expect(nextSeq(s + 1, T0 + 10)).toBe(s + 2);
  });

  test('never fall below the current second, so a fresh phone counts above an older one', () => {
    expect(nextSeq(0, T0)).toBe(T0 / 1000);
    expect(nextSeq(T0 / 1000, T0 + 60_000)).toBe(T0 / 1000 + 60);
  });

  test('keep increasing when the clock goes back', () => {
    const last = T0 / 1000 + 100;
    expect(nextSeq(last, T0)).toBe(last + 1);
  });
});

describe('pings from fixes', () => {
  const valid = compileValidator(PingSchema, 'ping');

  test('carry what the phone measured', () => {
    const ping = pingOf(
      { ...fix(0), accuracyMeters: 8, speedMps: 4.2, headingDegrees: 90 },
      7,
      0.5,
    );
    expect(ping).toEqual({
      seq: 7,
      t: T0,
      lat: fix(0).lat,
      lng: -54.62,
      acc: 8,
      spd: 4.2,
      hdg: 90,
      bat: 0.5,
    });
    expect(valid.check(ping)).toBe(true);
  });

  test('leave out values the phone did not know or the server would refuse', () => {
    const ping = pingOf(
      { ...fix(0), accuracyMeters: null, speedMps: NaN, headingDegrees: 360 },
      8,
      null,
    );
    expect(ping).toEqual({ seq: 8, t: T0, lat: fix(0).lat, lng: -54.62 });
    expect(valid.check(pingOf({ ...fix(0), accuracyMeters: 250_000, speedMps: 400 }, 9, 2))).toBe(
      true,
    );
  });
});
