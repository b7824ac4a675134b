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
