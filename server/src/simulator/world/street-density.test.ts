import { describe, expect, it } from 'vitest';
import { gridNetwork } from '../../streets/grid';
import { streetDensity } from './street-density';

const CENTER = { centerLat: -20.46, centerLng: -54.6 };

describe('streetDensity', () => {
  it('reads short blocks as denser than long ones', () => {
    const dense = streetDensity(gridNetwork({ ...CENTER, radiusMeters: 1000, blockMeters: 40 }));
    const sparse = streetDensity(gridNetwork({ ...CENTER, radiusMeters: 1000, blockMeters: 250 }));
    expect(dense(-20.46, -54.6)).toBe(1);
    expect(sparse(-20.46, -54.6)).toBeGreaterThan(0);
    expect(sparse(-20.46, -54.6)).toBeLessThan(0.25);
  });

  it('counts the nodes within the radius', () => {
    // 100 m blocks: the centre node, 4 at 100 m and 4 at 141 m are within 150 m.
    const density = streetDensity(
      gridNetwork({ ...CENTER, radiusMeters: 1000, blockMeters: 100 }),
      { saturationNodes: 90 },
    );
    expect(density(-20.46, -54.6)).toBeCloseTo(9 / 90, 5);
  });

  it('is zero far from any street', () => {
    const density = streetDensity(gridNetwork({ ...CENTER, radiusMeters: 1000 }));
    expect(density(-20.3, -54.6)).toBe(0);
  });
});
