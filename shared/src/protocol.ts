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
  StopCheckInReport,
  SuggestionReply,
  SuggestionView,
  TrackingView,
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

export const NAMESPACES = { courier: '/courier', console: '/console', track: '/track' } as const;

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
  /** The courier set off to this stop (assigned → en_route). */
  'stop:en_route': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  'stop:arrived': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  'stop:delivered': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  'stop:failed': (report: StopVisitReport, ack: (res: Ack) => void) => void;
  /** A returning parcel checked in at its hub by the courier who brought it back. */
  'stop:returned': (report: StopCheckInReport, ack: (res: Ack) => void) => void;
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
  /** `node`: the server node the console is connected to (its NODE_NAME), null when alone. */
  hello: (info: {
    protocol: number;
    user: ConsoleUser;
    tickMs: number;
    node: string | null;
  }) => void;
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
  /**
   * This console's session ended (signed out, password, role or hub changed, account
   * deactivated): the server closes the connection right after; the user signs in again.
   */
  'session:ended': () => void;
}

/** Handshake `auth` of a tracking page: the token of its link is the only credential. */
export interface TrackAuth {
  token: string;
}

/** A tracking page sends nothing: any event from it closes its connection. */
export type TrackClientToServer = Record<string, never>;

/**
 * The `/track` namespace: the view at once on connect, then again on every change to the stop or
 * its courier's route (at most once a second) and while the courier shows, its moving position.
 * A link that is not valid is refused at connect (`connect_error` with the message `not_found`).
 */
export interface TrackServerToClient {
  'tracking:update': (view: TrackingView) => void;
}
