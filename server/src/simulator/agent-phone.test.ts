import { describe, expect, it } from 'vitest';
import { PhoneBattery, pingOf } from './agent-phone';

const HOUR_MS = 3_600_000;

describe('PhoneBattery', () => {
  it('drains faster on the move than standing', () => {
    const moving = new PhoneBattery(0.9);
    const standing = new PhoneBattery(0.9);
    moving.drain(HOUR_MS, true);
    standing.drain(HOUR_MS, false);
    expect(moving.level).toBeCloseTo(0.82);
    expect(standing.level).toBeCloseTo(0.87);
  });

  it('plugs in when nearly flat and charges until nearly full', () => {
    const battery = new PhoneBattery(0.12);
    battery.drain(HOUR_MS, true); // down to 0.04: plugged in
    battery.drain(HOUR_MS, true);
    expect(battery.level).toBeCloseTo(0.64);
    battery.drain(HOUR_MS, true);
    expect(battery.level).toBe(1);
    battery.drain(HOUR_MS, true); // unplugged at 95%: drains again
    expect(battery.level).toBeCloseTo(0.92);
  });
});

describe('pingOf', () => {
  it('rounds the reading for the wire and leaves out a missing heading', () => {
    const reading = {
      lat: -20.123456789,
      lng: -54.987654321,
      accuracyMeters: 7.06,
      speedMps: 200,
      headingDeg: null,
    };
    expect(pingOf(12, 1000.4, reading, 0.8765)).toEqual({
      seq: 12,
      t: 1000,
      lat: -20.1234568,
      lng: -54.9876543,
      acc: 7.1,
      spd: 150,
      bat: 0.88,
    });
    expect(pingOf(1, 0, { ...reading, headingDeg: 359.96 }, 1).hdg).toBe(0);
  });
});
