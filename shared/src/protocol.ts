import type {
  AlertReply,
  AlertView,
  ConsoleUser,
  KpiSnapshot,
  PingReceipt,
  ReassignReply,
  ReassignRequest,
  RoutePayload,
  StopChange,
  SuggestionReply,
  SuggestionView,
} from './api';
import type { CourierStatus } from './domain';
import type { WireError } from './errors';
import type { FleetColumns, FleetDelta } from './fleet-delta';
import type {
  AlertAckRequest,
  PingBatch,
  StopVisitReport,
  SuggestionDecision,
  ViewRequest,
} from './schemas';

/** Bumped whenever an event changes shape; checked in both namespaces' handshakes. */
export const PROTOCOL_VERSION = 1;

export const NAMESPACES = { courier: '/courier', console: '/console' } as const;

/** Every ack is either a success with a payload or a typed error. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: WireError };

/** Handshake `auth` of a courier device. */
export interface CourierAuth {
  token: string;
  protocol?: number;
}

/** Acknowledgement of a ping batch: the highest sequence number now durably stored. */
export type PingAck = Ack<PingReceipt>;

export interface CourierClientToServer {
  pings: (batch: PingBatch, ack: (res: PingAck) => void) => void;
  'stop:arrived': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  'stop:delivered': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  'stop:failed': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  status: (status: { status: CourierStatus }, ack: (res: Ack) => void) => void;
}

export interface CourierServerToClient {
  'route:updated': (route: RoutePayload) => void;
}

/** The answer to `view`: the rooms joined and a snapshot of the couriers in them. */
export type ViewAck = Ack<{ rooms: string[]; snapshot: FleetColumns }>;

export interface ConsoleClientToServer {
  view: (view: ViewRequest, ack: (res: ViewAck) => void) => void;
  'alert:ack': (req: AlertAckRequest, ack: (res: Ack<AlertReply>) => void) => void;
  'suggestion:accept': (req: SuggestionDecision, ack: (res: Ack<ReassignReply>) => void) => void;
  'suggestion:reject': (req: SuggestionDecision, ack: (res: Ack<SuggestionReply>) => void) => void;
  'stop:reassign': (req: ReassignRequest, ack: (res: Ack<ReassignReply>) => void) => void;
}

export interface ConsoleServerToClient {
  hello: (info: { protocol: number; user: ConsoleUser; tickMs: number }) => void;
  'fleet:delta': (delta: FleetDelta) => void;
  /** An alert was opened or changed (acknowledged, escalated, resolved, re-detected). */
  'alert:changed': (alert: AlertView) => void;
  /** A suggestion was made or changed state. */
  'suggestion:changed': (suggestion: SuggestionView) => void;
  /** A courier's route changed; fetch it again if it is on screen. */
  'route:changed': (change: { courierId: number; version: number }) => void;
  'stop:changed': (changes: StopChange[]) => void;
  /** Supervisor KPIs (supervisors and admins only). */
  kpi: (snapshot: KpiSnapshot) => void;
}
