import { VEHICLES, haversineMeters } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { generateDemoCouriers, generateDemoStops, type DemoStop } from './demo';
import { createRng } from '../lib/rng';
import { gridNetwork } from '../streets/grid';

const HOUR_MS = 3_600_000;
const DAY_START = Date.UTC(2025, 0, 15, 11);
const DAY_END = DAY_START + 10 * HOUR_MS;
const DEPOT = { lat: -20.46, lng: -54.6 };
const network = gridNetwork({ centerLat: DEPOT.lat, centerLng: DEPOT.lng, radiusMeters: 3000 });

function makeStops(count: number, seed = 1): DemoStop[] {
  return generateDemoStops({
    network,
    count,
    rng: createRng(seed),
    dayStartMs: DAY_START,
    dayEndMs: DAY_END,
  });
}

describe('generateDemoStops', () => {
  it('is deterministic for a seed', () => {
    expect(makeStops(50, 9)).toEqual(makeStops(50, 9));
    expect(makeStops(50, 9)).not.toEqual(makeStops(50, 10));
  });

  it('puts stops on street nodes with unique order references', () => {
    const stops = makeStops(200);
    for (const stop of stops) {
      const node = network.node(network.nearestNode(stop.lat, stop.lng));
      expect(haversineMeters(node.lat, node.lng, stop.lat, stop.lng)).toBeLessThan(0.01);
    }
    expect(new Set(stops.map((s) => s.orderRef)).size).toBe(stops.length);
  });

  it('spreads 45-minute express windows and 1-3 h windows inside the day', () => {
    const stops = makeStops(500);
    for (const stop of stops) {
      const minutes = (stop.windowEndMs - stop.windowStartMs) / 60_000;
      expect(stop.windowStartMs).toBeGreaterThanOrEqual(DAY_START);
      expect(stop.windowEndMs).toBeLessThanOrEqual(DAY_END);
      if (stop.slaTier === 'express') expect(minutes).toBe(45);
      else expect(minutes).toBeGreaterThanOrEqual(60);
      expect(minutes).toBeLessThanOrEqual(180);
    }
    const express = stops.filter((s) => s.slaTier === 'express').length;
    expect(express).toBeGreaterThan(10);
    expect(express).toBeLessThan(100);
    const morning = stops.filter((s) => s.windowStartMs < DAY_START + 4 * HOUR_MS).length;
    const evening = stops.filter((s) => s.windowStartMs > DAY_START + 5 * HOUR_MS).length;
    expect(morning).toBeGreaterThan(100);
    expect(evening).toBeGreaterThan(100);
  });

  it('gives many shop pickups the delivery of the same order, due after the pickup opens', () => {
    const pickups = makeStops(500).filter((s) => s.kind === 'pickup');
    const paired = pickups.filter((s) => s.dropOff);
    expect(paired.length).toBeGreaterThan(pickups.length / 3);
    expect(paired.length).toBeLessThan(pickups.length);
    for (const pickup of paired) {
      const drop = pickup.dropOff!;
      expect(drop).toMatchObject({ kind: 'delivery', orderRef: pickup.orderRef });
      expect(drop.windowStartMs).toBeGreaterThan(pickup.windowStartMs);
      expect(drop.windowEndMs).toBeGreaterThan(drop.windowStartMs);
      expect(drop.windowEndMs).toBeLessThanOrEqual(DAY_END);
    }
  });
});

describe('generateDemoCouriers', () => {
  it('gives distinct names and mostly two-wheelers and cars', () => {
    const couriers = generateDemoCouriers({ count: 300, rng: createRng(2) });
    expect(new Set(couriers.map((c) => c.name)).size).toBe(300);
    const byVehicle = Object.fromEntries(
      VEHICLES.map((v) => [v, couriers.filter((c) => c.vehicle === v).length]),
    );
    expect(byVehicle.bike! + byVehicle.scooter! + byVehicle.car!).toBeGreaterThan(200);
    expect(byVehicle.van).toBeGreaterThan(10);
    expect(byVehicle.foot).toBeLessThan(40);
  });
});
