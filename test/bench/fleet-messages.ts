/** IPC messages between the fleet bench's orchestrator and its load and console processes. */

/** A courier the load process drives: its device token and where it starts. */
export interface FleetDevice {
  token: string;
  lat: number;
  lng: number;
  /** Cruising speed on a residential street, m/s. */
  speedMps: number;
}

/** What the orchestrator sends the load process once it is forked. */
export interface FleetLoadStart {
  type: 'start';
  devices: FleetDevice[];
}

/**
 * The measured window, epoch ms (every process reads the same machine clock), sent to the load
 * and console processes once both are connected.
 */
export interface FleetWindow {
  type: 'window';
  measureStartMs: number;
  measureEndMs: number;
}

/** What the load process measured; latencies cover batches emitted in the measured window. */
export interface FleetLoadResult {
  /** Emit → ack of a ping batch, ms. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** Batches emitted in the window, and those answered with an error or not at all. */
  batches: number;
  failedBatches: number;
  pingsPerS: number;
  /** Stop visits reported (`stop:arrived` + `stop:delivered`) over the run, and refused ones. */
  stopReports: number;
  failedStopReports: number;
  /** Refusals over the run by what and error code, e.g. `pings timeout`, `visits conflict`. */
  failures: Record<string, number>;
  /** Incidents begun over the run: couriers that fell silent, couriers that stood still. */
  silenced: number;
  stalled: number;
  /** How far the ping schedule fell behind at worst in the window, ms (the load's own lag). */
  worstLateMs: number;
  /** CPU of the load process over the window, % of one core. */
  cpuPercent: number;
}

/** What the load process tells the orchestrator, in this order. */
export type FleetLoadReport =
  { type: 'connected'; connectMs: number } | { type: 'result'; result: FleetLoadResult };

/** What the consoles measured over the window. */
export interface FleetConsoleResult {
  consoles: number;
  /** Fix time (the load's send time) → `fleet:delta` received, over every console, ms. */
  deltaP50Ms: number;
  deltaP99Ms: number;
  /** Fix time → the delta's server time (`at`): ingest, commit and the wait for the tick, ms. */
  serverP50Ms: number;
  serverP99Ms: number;
  /** Fixes received per console per second (median over consoles). */
  fixesPerS: number;
  /** Stop changes (`stop:changed` rows: status, sequence, ETA) per console per second. */
  stopChangesPerS: number;
  /** `alert:changed` events per console per minute (median over consoles). */
  alertEventsPerMin: number;
  /** Alerts opened in the window (distinct ids), per minute, and by kind. */
  alertsOpenedPerMin: number;
  openedByKind: Record<string, number>;
  /** Threshold crossing → `alert:changed` at a console, for alerts with a known crossing, ms. */
  alertLatencyP50Ms: number;
  alertLatencyP99Ms: number;
  alertLatencySamples: number;
  suggestionEvents: number;
  cpuPercent: number;
}

/** `connected` carries one dispatcher session, which the orchestrator's late orders use. */
export type FleetConsoleReport =
  { type: 'connected'; cookie: string } | { type: 'result'; result: FleetConsoleResult };
