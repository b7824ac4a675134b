import type {
  CourierStatus,
  SlaTier,
  StopKind,
  StopStatus,
  Vehicle,
  RoutePayload,
} from '@dispatch/shared';

/** A courier's last accepted fix, as the REST API reports it. */
export interface CourierFix {
  /** Device time, epoch ms. */
  t: number;
  lat: number;
  lng: number;
  speedMps: number | null;
  heading: number | null;
  accuracyMeters?: number | null;
  battery?: number | null;
}

/** A courier from `GET /api/v1/couriers`, with its live state. */
export interface CourierInfo {
  id: number;
  name: string;
  vehicle: Vehicle;
  capacity: number;
  hubId: number | null;
  status: CourierStatus;
  routeVersion: number;
  lastFix: CourierFix | null;
  cell: string | null;
  lastPingAt: number | null;
  /** Shift window in minutes after local midnight. */
  shiftStartMinute: number;
  shiftEndMinute: number;
  active: boolean;
}

/** A stop from `GET /api/v1/stops`. Times are epoch ms. */
export interface StopInfo {
  id: number;
  hubId: number | null;
  kind: StopKind;
  orderRef: string | null;
  address: string;
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  slaTier: SlaTier;
  status: StopStatus;
  courierId: number | null;
  sequence: number | null;
  routeVersion: number | null;
  eta: number | null;
}

/** What the console needs to draw its map, from `GET /api/v1/config`. */
export interface ConsoleConfig {
  mapStyleUrl: string | null;
  streetsUrl: string | null;
  center: { lat: number; lng: number };
  tickMs: number;
}

export interface TrailPoint {
  t: number;
  lat: number;
  lng: number;
}

/** A courier's recent positions, oldest first. */
export interface CourierTrail {
  courierId: number;
  points: TrailPoint[];
}

export interface HubInfo {
  id: number;
  name: string;
  lat: number;
  lng: number;
  timezone: string;
  onTimeTarget: number;
}

export type { RoutePayload };
