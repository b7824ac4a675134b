import { describe, expect, it } from 'vitest';
import {
  FAR_FROM_STOP_METERS,
  coordinatesLabel,
  distanceLabel,
  placeSketch,
  startOfDay,
} from './proof-words';

describe('distanceLabel', () => {
  it('writes metres below a kilometre and kilometres above', () => {
    expect(distanceLabel(82.4, 'en')).toBe('82 m');
    expect(distanceLabel(1234, 'en')).toBe('1.2 km');
    expect(distanceLabel(1234, 'pt-BR')).toBe('1,2 km');
  });
});

describe('coordinatesLabel', () => {
  it('writes five decimals', () => {
    expect(coordinatesLabel(52.52, 13.405)).toBe('52.52000, 13.40500');
  });
});

describe('startOfDay', () => {
  it("is midnight of the hub's day, not the browser's", () => {
    const now = Date.UTC(2026, 0, 14, 2, 30); // 23:30 on the 13th in São Paulo
    expect(new Date(startOfDay(now, 'America/Sao_Paulo')).toISOString()).toBe(
      '2026-01-13T03:00:00.000Z',
    );
    expect(new Date(startOfDay(now, 'Europe/Berlin')).toISOString()).toBe(
      '2026-01-13T23:00:00.000Z',
    );
  });
});

describe('placeSketch', () => {
  const stop = { lat: 52.5, lng: 13.4 };

  it('puts the stop in the middle and a fix at the stop on top of it', () => {
    const sketch = placeSketch(stop, stop, 160);
    expect(sketch.stop).toEqual({ x: 80, y: 80 });
    expect(sketch.fix).toEqual({ x: 80, y: 80 });
    expect(sketch.ringRadius).toBeCloseTo(68);
  });

  it('draws north up and east right, to scale with the far-from-stop ring', () => {
    // About 111 m north and 68 m east.
    const sketch = placeSketch(stop, { lat: 52.501, lng: 13.401 }, 160);
    expect(sketch.fix!.y).toBeLessThan(80);
    expect(sketch.fix!.x).toBeGreaterThan(80);
    const metresPerPixel = FAR_FROM_STOP_METERS / sketch.ringRadius;
    const north = (80 - sketch.fix!.y) * metresPerPixel;
    expect(north).toBeCloseTo(111.2, 0);
  });

  it('shrinks the ring so a fix far away still fits', () => {
    const sketch = placeSketch(stop, { lat: 52.51, lng: 13.4 }, 160);
    expect(sketch.fix!.y).toBeCloseTo(12);
    expect(sketch.ringRadius).toBeLessThan(30);
  });

  it('has no fix when the courier had no position', () => {
    expect(placeSketch(stop, null).fix).toBeNull();
  });
});
