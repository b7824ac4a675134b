/** IPC messages between bench:notify's orchestrator and its webhook receiver and tracking pages. */
import type { Receipt } from '../harness/webhook-audit/webhook-audit';

/** What the orchestrator asks the receiver. */
export type ReceiverRequest =
  /** The webhook's signing secret and how long to wait before each 200. */
  | { type: 'configure'; secret: string; answerMs: number }
  /** Close the port (connection refused) and drop open connections. */
  | { type: 'down' }
  /** Listen again on the same port. */
  | { type: 'up' }
  /** The receipts from index `from` on. */
  | { type: 'receipts'; from: number };

/** What the receiver tells the orchestrator. */
export type ReceiverReport =
  | { type: 'listening'; port: number }
  | { type: 'configured' }
  | { type: 'down'; atMs: number; droppedRequests: number }
  | { type: 'up'; atMs: number }
  | { type: 'receipts'; receipts: Receipt[]; total: number };

/** One tracking page: its link's token and the stop it follows. */
export interface TrackingPage {
  token: string;
  stopId: number;
}

/** What the orchestrator sends the tracking pages' process once it is forked. */
export interface TrackingStart {
  type: 'start';
  pages: TrackingPage[];
}

/** What the tracking pages measured over the window. */
export interface FleetTrackingResult {
  pages: number;
  /** Pages whose socket was refused at connect, by the server's message. */
  refused: Record<string, number>;
  /** Pages that lost their connection during the run. */
  disconnected: number;
  /** Pages that showed the courier at least once in the window. */
  pagesWithCourier: number;
  /** `tracking:update` events per page per minute in the window (median over pages). */
  updatesPerPagePerMin: number;
  /** Fix time (the load process's send time) → a page receiving the update with it, ms. */
  positionP50Ms: number;
  positionP99Ms: number;
  positionMaxMs: number;
  positionSamples: number;
  /** CPU of the pages' process over the window, % of one core. */
  cpuPercent: number;
}

/** What the tracking pages' process tells the orchestrator, in this order. */
export type TrackingReport =
  { type: 'connected'; connectMs: number } | { type: 'result'; result: FleetTrackingResult };
