import { describe, expect, it } from 'vitest';
import { ConstantSpeedProvider } from '../../eta/constant-speed-provider';
import type { PlanInput } from './plan-deliveries';
import { PlanRunner } from './plan-runner';
import { calibrateTravel } from './travel-calibration';

const T0 = Date.UTC(2025, 0, 15, 8);
const HUB = { lat: -20.46, lng: -54.61 };

function smallDay(): PlanInput {
  const stops = [0.01, 0.02, 0.03].map((d) => ({
    lat: HUB.lat + d,
    lng: HUB.lng,
    windowStart: T0,
    windowEnd: T0 + 4 * 3_600_000,
    serviceSeconds: 60,
    demand: 1,
  }));
  const couriers = [
    {
      vehicle: 'car' as const,
      start: HUB,
      departAt: T0,
      shiftEnd: T0 + 8 * 3_600_000,
      capacity: 10,
      usedLoad: 0,
      openStops: 0,
    },
  ];
  const calibration = calibrateTravel(new ConstantSpeedProvider(), [HUB, ...stops], T0, ['car']);
  return { couriers, stops, calibration, now: T0, options: { timeLimitMs: 50 } };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PlanRunner', () => {
  it('plans on its thread, stops the thread once idle, and starts it again for the next plan', async () => {
    const runner = new PlanRunner(100);
    try {
      const first = await runner.plan(smallDay());
      expect(first.routes[0]).toHaveLength(3);
      expect(runner.running).toBe(true);
      await until(() => !runner.running, 'the idle thread to stop');
      const second = await runner.plan(smallDay());
      expect(second.routes).toEqual(first.routes);
    } finally {
      await runner.close();
    }
  }, 30_000);
});
