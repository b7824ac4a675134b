/**
 * The fleet bench's consoles, in their own process: `--consoles` sockets on `/console`, each
 * signed in over REST as the bench dispatcher (a session each, up to the server's 20 sign-ins a
 * minute per address) and watching `--bounds` (the whole city). Over the
 * measured window (epoch ms over IPC once connected, this machine's clock) they time each
 * courier's new fix from its fix time (the load process's send time) to the `fleet:delta` that
 * carries it, count `alert:changed` events, and time the alerts whose threshold crossing is known
 * from their details: offline (silent since + `--offline-after-s`), late (window end) and
 * sla_breach (window end + grace). `--url` may name several nodes of a cluster, comma-separated:
 * console i connects to the (i mod n)th (sessions are shared through the database).
 */
import { io, type Socket } from 'socket.io-client';
import {
  decodeFleetColumns,
  type AlertView,
  type ConsoleClientToServer,
  type ConsoleServerToClient,
  type FleetDelta,
} from '@dispatch/shared';
import { NAMESPACES, PROTOCOL_VERSION } from '../../shared/src/protocol';
import { login } from './couriers-api';
import type { FleetConsoleReport, FleetConsoleResult, FleetWindow } from './fleet-messages';
import { parseFlags } from './messages';
import { percentile } from './table';

const opts = parseFlags(process.argv.slice(2), {
  url: '',
  consoles: 20,
  email: '',
  password: '',
  bounds: '',
  offlineAfterS: 30,
  /** After the window, how long alerts that crossed in it may still arrive. */
  graceS: 10,
});
const urls = opts.url.split(',');
/** The server takes 20 sign-ins a minute per address; more consoles share these sessions. */
const MAX_SIGN_INS = 20;
type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;
/** The measured window, set by the orchestrator's `window` message. */
const measured = { measureStartMs: Infinity, measureEndMs: Infinity };
const windowMessage = new Promise<FleetWindow>((resolve) =>
  process.once('message', (raw) => resolve(raw as FleetWindow)),
);
const send = (message: FleetConsoleReport, then: () => void = () => {}) => {
  if (process.send) process.send(message, then);
  else then();
};
const inWindow = (ms: number) => ms >= measured.measureStartMs && ms < measured.measureEndMs;
const ascending = (values: number[]) => values.sort((a, b) => a - b);
const median = (values: number[]) => percentile(ascending(values), 0.5);

/** When an alert's condition began to hold (server clock), where its details say; else null. */
function crossingOf(alert: AlertView): number | null {
  const d = alert.details;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  if (alert.kind === 'offline') {
    const since = num(d.silentSince);
    return since === null ? null : since + opts.offlineAfterS * 1000;
  }
  if (alert.kind === 'late') return num(d.windowEnd);
  if (alert.kind === 'sla_breach') {
    const end = num(d.windowEnd);
    const grace = num(d.graceMinutes);
    return end === null || grace === null ? null : end + grace * 60_000;
  }
  return null;
}

/** Everything the consoles saw, pooled. */
const seen = {
  deltaMs: [] as number[],
  serverMs: [] as number[],
  alertMs: [] as number[],
  opened: new Map<number, string>(),
  suggestionEvents: 0,
};

/** One console: its own latest fix time per courier and its counts in the window. */
class ConsoleMeter {
  private readonly latestT = new Map<number, number>();
  private readonly alertSeen = new Set<number>();
  fixes = 0;
  alertEvents = 0;
  stopChanges = 0;

  onDelta(delta: FleetDelta): void {
    const now = Date.now();
    for (const row of decodeFleetColumns(delta)) {
      if (row.t <= (this.latestT.get(row.id) ?? 0)) continue;
      this.latestT.set(row.id, row.t);
      if (!inWindow(now)) continue;
      this.fixes++;
      seen.deltaMs.push(now - row.t);
      seen.serverMs.push(delta.at - row.t);
    }
  }

  onAlert(alert: AlertView): void {
    const now = Date.now();
    if (inWindow(now)) this.alertEvents++;
    if (alert.resolvedAt !== null || this.alertSeen.has(alert.id)) return;
    this.alertSeen.add(alert.id);
    if (inWindow(alert.openedAt)) seen.opened.set(alert.id, alert.kind);
    const crossing = crossingOf(alert);
    if (crossing !== null && inWindow(crossing)) seen.alertMs.push(now - crossing);
  }
}

async function openConsole(
  url: string,
  cookie: string,
  bounds: [number, number, number, number],
): Promise<ConsoleMeter> {
  const socket: ConsoleSocket = io(url + NAMESPACES.console, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  const meter = new ConsoleMeter();
  socket.on('fleet:delta', (delta) => meter.onDelta(delta));
  socket.on('alert:changed', (alert) => meter.onAlert(alert));
  socket.on('stop:changed', (changes) => {
    if (inWindow(Date.now())) meter.stopChanges += changes.length;
  });
  socket.on('suggestion:changed', () => {
    if (inWindow(Date.now())) seen.suggestionEvents++;
  });
  const ack = await socket.timeout(30_000).emitWithAck('view', { bounds });
  if (!ack.ok) throw new Error(`view refused: ${ack.error.code} ${ack.error.message}`);
  return meter;
}

async function run(): Promise<FleetConsoleResult> {
  const bounds = opts.bounds.split(',').map(Number) as [number, number, number, number];
  const cookies: string[] = [];
  for (let i = 0; i < Math.min(opts.consoles, MAX_SIGN_INS); i++)
    cookies.push(await login(urls[0]!, { email: opts.email, password: opts.password }));
  const meters: ConsoleMeter[] = [];
  for (let i = 0; i < opts.consoles; i++)
    meters.push(await openConsole(urls[i % urls.length]!, cookies[i % cookies.length]!, bounds));
  send({ type: 'connected', cookie: cookies[0]! });
  const { measureStartMs, measureEndMs } = await windowMessage;
  Object.assign(measured, { measureStartMs, measureEndMs });
  const untilWindow = measured.measureStartMs - Date.now();
  await new Promise((done) => setTimeout(done, Math.max(0, untilWindow)));
  const cpuStart = process.cpuUsage();
  await new Promise((done) => setTimeout(done, Math.max(0, measured.measureEndMs - Date.now())));
  const cpu = process.cpuUsage(cpuStart);
  await new Promise((done) => setTimeout(done, opts.graceS * 1000));
  const windowS = (measured.measureEndMs - measured.measureStartMs) / 1000;
  const openedByKind: Record<string, number> = {};
  for (const kind of seen.opened.values()) openedByKind[kind] = (openedByKind[kind] ?? 0) + 1;
  const delta = ascending(seen.deltaMs);
  const server = ascending(seen.serverMs);
  const alerts = ascending(seen.alertMs);
  return {
    consoles: meters.length,
    deltaP50Ms: percentile(delta, 0.5),
    deltaP99Ms: percentile(delta, 0.99),
    serverP50Ms: percentile(server, 0.5),
    serverP99Ms: percentile(server, 0.99),
    fixesPerS: median(meters.map((m) => m.fixes / windowS)),
    stopChangesPerS: median(meters.map((m) => m.stopChanges / windowS)),
    alertEventsPerMin: median(meters.map((m) => (m.alertEvents * 60) / windowS)),
    alertsOpenedPerMin: (seen.opened.size * 60) / windowS,
    openedByKind,
    alertLatencyP50Ms: percentile(alerts, 0.5),
    alertLatencyP99Ms: percentile(alerts, 0.99),
    alertLatencySamples: alerts.length,
    suggestionEvents: seen.suggestionEvents,
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / windowS) * 100,
  };
}

run().then(
  (result) => send({ type: 'result', result }, () => process.exit(0)),
  (err: unknown) => {
    console.error('fleet consoles failed', err);
    process.exit(1);
  },
);
process.on('disconnect', () => process.exit(0));
