import type {
  AlertView,
  ConsoleConfig,
  ConsoleUser,
  Courier,
  CourierTrail,
  Hub,
  KpiSnapshot,
  PlanOutcome,
  ReassignResult,
  RoutePayload,
  Stop,
  SuggestionView,
} from '@dispatch/shared';

// Realistic REST bodies for the schema specs, typed with the shared types so a schema and the
// type derived from it cannot drift apart unnoticed.

const T = Date.UTC(2026, 10, 26, 14, 30);
const MINUTE = 60_000;

export function exampleUser(overrides: Partial<ConsoleUser> = {}): ConsoleUser {
  return {
    id: 7,
    email: 'ana@example.com',
    name: 'Ana',
    role: 'dispatcher',
    hubId: 1,
    ...overrides,
  };
}

export function exampleHub(overrides: Partial<Hub> = {}): Hub {
  return {
    id: 1,
    name: 'Campo Grande Centro',
    lat: -20.4697,
    lng: -54.6201,
    timezone: 'America/Campo_Grande',
    onTimeTarget: 0.95,
    autoDispatch: false,
    ...overrides,
  };
}

export function exampleCourier(overrides: Partial<Courier> = {}): Courier {
  return {
    id: 12,
    name: 'Bruno',
    vehicle: 'bike',
    capacity: 12,
    hubId: 1,
    externalDeviceId: null,
    active: true,
    hasDeviceToken: true,
    shiftStartMinute: 480,
    shiftEndMinute: 1200,
    routeVersion: 3,
    status: 'en_route',
    lastFix: {
      t: T,
      lat: -20.46,
      lng: -54.61,
      speedMps: 4.2,
      heading: 90,
      accuracyMeters: 8,
      battery: null,
    },
    cell: '89a8c0a1a1bffff',
    lastPingAt: T + 400,
    ...overrides,
  };
}

export function exampleStop(overrides: Partial<Stop> = {}): Stop {
  return {
    id: 301,
    hubId: 1,
    kind: 'delivery',
    orderRef: 'ORD-301',
    address: 'Rua das Flores 12',
    lat: -20.45,
    lng: -54.6,
    cell: '89a8c0a1a1bffff',
    windowStart: T,
    windowEnd: T + 120 * MINUTE,
    serviceSeconds: 120,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId: 12,
    sequence: 2,
    routeVersion: 3,
    attempts: 0,
    eta: T + 40 * MINUTE,
    ...overrides,
  };
}

export function exampleRoute(overrides: Partial<RoutePayload> = {}): RoutePayload {
  const stop = exampleStop();
  return {
    courierId: 12,
    version: 3,
    stops: [
      {
        id: stop.id,
        seq: 1,
        kind: stop.kind,
        status: stop.status,
        lat: stop.lat,
        lng: stop.lng,
        address: stop.address,
        orderRef: stop.orderRef,
        windowStart: stop.windowStart,
        windowEnd: stop.windowEnd,
        serviceSeconds: stop.serviceSeconds,
        eta: stop.eta,
      },
    ],
    ...overrides,
  };
}

export function exampleAlert(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 41,
    kind: 'stalled',
    severity: 'warning',
    courierId: 12,
    stopId: null,
    hubId: 1,
    openedAt: T,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    resolvedAt: null,
    details: { minutes: 9, from: T - 9 * MINUTE },
    ...overrides,
  };
}

export function exampleSuggestion(overrides: Partial<SuggestionView> = {}): SuggestionView {
  return {
    id: 5,
    kind: 'late_risk',
    stopIds: [301],
    fromCourierId: 12,
    toCourierId: 14,
    fromRouteVersion: 3,
    toRouteVersion: 8,
    insertPosition: 2,
    score: 17.5,
    explanation: 'Bruno would be 18 min late; Carla passes nearby with room to spare',
    status: 'open',
    createdAt: T,
    ...overrides,
  };
}

export function exampleReassignResult(): ReassignResult {
  return { movedStopIds: [301], routeVersions: { '12': 4, '14': 9 } };
}

export function examplePlanOutcome(overrides: Partial<PlanOutcome> = {}): PlanOutcome {
  return {
    hubId: 1,
    planned: 24,
    couriers: [{ courierId: 12, name: 'Bruno', added: 12, totalStops: 15 }],
    late: [{ stopId: 330, lateMinutes: 6.5 }],
    unplanned: [{ stopId: 331, reason: 'no courier can reach it in its window' }],
    travelMinutes: 143.2,
    maxStopsPerCourier: 16,
    routeVersions: { '12': 4 },
    elapsedMs: 812,
    ...overrides,
  };
}

export function exampleKpi(overrides: Partial<KpiSnapshot> = {}): KpiSnapshot {
  return {
    at: T,
    onTimeByHour: [{ hourStart: T - 60 * MINUTE, delivered: 40, onTime: 37 }],
    hubs: [
      {
        hubId: 1,
        name: 'Campo Grande Centro',
        onTimeTarget: 0.95,
        delivered: 40,
        onTime: 37,
        late: 3,
        atRisk: 2,
        open: 61,
      },
    ],
    openBreaches: [exampleAlert({ id: 42, kind: 'sla_breach', severity: 'critical', stopId: 301 })],
    escalations: [exampleAlert({ escalatedAt: T + 10 * MINUTE })],
    ...overrides,
  };
}

export function exampleConsoleConfig(overrides: Partial<ConsoleConfig> = {}): ConsoleConfig {
  return {
    mapStyleUrl: null,
    streetsUrl: '/api/v1/map/streets',
    center: { lat: -20.4697, lng: -54.6201 },
    tickMs: 500,
    ...overrides,
  };
}

export function exampleTrail(overrides: Partial<CourierTrail> = {}): CourierTrail {
  return {
    courierId: 12,
    points: [
      { t: T - 2 * MINUTE, lat: -20.461, lng: -54.612 },
      { t: T - MINUTE, lat: -20.4605, lng: -54.611 },
    ],
    ...overrides,
  };
}
