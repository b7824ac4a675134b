import type { AlertKind, StopStatus, SuggestionStatus } from './domain';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** An alert as consoles and the REST API see it. Times are epoch ms. */
export interface AlertView {
  id: number;
  kind: AlertKind;
  severity: AlertSeverity;
  courierId: number | null;
  stopId: number | null;
  hubId: number | null;
  openedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: number | null;
  escalatedAt: number | null;
  resolvedAt: number | null;
  details: Record<string, unknown>;
}

/** A proposed reassignment as consoles and the REST API see it. */
export interface SuggestionView {
  id: number;
  kind: string;
  stopIds: number[];
  fromCourierId: number | null;
  toCourierId: number | null;
  /** Route versions the suggestion was computed against; a change since makes it a conflict. */
  fromRouteVersion: number | null;
  toRouteVersion: number | null;
  insertPosition: number | null;
  score: number;
  explanation: string;
  status: SuggestionStatus;
  createdAt: number;
}

/** Moving stops to another courier, with the route versions the dispatcher saw. */
export interface ReassignRequest {
  stopIds: number[];
  toCourierId: number;
  /** 1-based position on the receiving route; appended when absent. */
  position?: number;
  /** Route version per courier involved (the current owners and the receiver), as last seen. */
  routeVersions: Record<string, number>;
}

/** What a successful reassignment changed. */
export interface ReassignResult {
  movedStopIds: number[];
  /** New route version per courier touched. */
  routeVersions: Record<string, number>;
}

/** What planning a hub's unassigned stops did (`POST /api/v1/hubs/:id/plan`). */
export interface PlanOutcome {
  hubId: number;
  /** Stops put on routes. */
  planned: number;
  /** Couriers who received stops, with how many. */
  couriers: { courierId: number; name: string; added: number; totalStops: number }[];
  /** Planned stops predicted late, with the minutes. */
  late: { stopId: number; lateMinutes: number }[];
  /** Stops left unassigned, with why. */
  unplanned: { stopId: number; reason: string }[];
  /** Predicted driving time of the added work, minutes. */
  travelMinutes: number;
  maxStopsPerCourier: number;
  /** New route versions of the couriers who received stops. */
  routeVersions: Record<string, number>;
  elapsedMs: number;
}

/** A stop's state change pushed to consoles. */
export interface StopChange {
  id: number;
  status: StopStatus;
  courierId: number | null;
  sequence: number | null;
  eta: number | null;
}

/** Supervisor KPIs, computed on the server from stops and events. */
export interface KpiSnapshot {
  at: number;
  /** Delivered within window / delivered, per hour of the day so far (UTC hours). */
  onTimeByHour: { hourStart: number; delivered: number; onTime: number }[];
  hubs: {
    hubId: number;
    name: string;
    onTimeTarget: number;
    delivered: number;
    onTime: number;
    late: number;
    atRisk: number;
    open: number;
  }[];
  openBreaches: AlertView[];
  escalations: AlertView[];
}
