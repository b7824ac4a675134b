/**
 * The fleet bench's couriers, in their own process: one Socket.IO device per courier (tokens and
 * start positions come over IPC), each driving its pushed route along the streets and sending
 * one fix every `--ping-every-s`, spread evenly over that period, from the moment it is connected.
 * Once all are, the measured window comes over IPC (epoch ms, the orchestrator's clock, which is
 * this machine's): from then to its end `--offline-per-min` couriers fall silent for
 * `--offline-after-s` + `--offline-hold-s` and `--stalls-per-min` stand still for `--stall-s`;
 * ack latency counts batches emitted inside the window, and the run ends with it. `--url` may
 * name several nodes of a cluster, comma-separated: courier i connects to the (i mod n)th.
 */
import { createRng, type Rng } from '../../server/src/lib/rng';
import { BenchCourier, type CourierOutcomes } from './fleet-courier';
import type {
  FleetDevice,
  FleetLoadReport,
  FleetLoadResult,
  FleetLoadStart,
  FleetWindow,
} from './fleet-messages';
import { loadStreets, type NetworkKind } from './fleet-streets';
import { connectCourierSocket } from './load-channels';
import { parseFlags } from './messages';
import { percentile } from './table';

const opts = parseFlags(process.argv.slice(2), {
  url: '',
  network: 'grid',
  osm: '',
  pingEveryS: 5,
  offlinePerMin: 20,
  offlineAfterS: 30,
  offlineHoldS: 20,
  stallsPerMin: 20,
  stallS: 150,
  /** From a stall's start to its alert: STALL_AFTER_S plus the dwell the detector needs first. */
  stallLeadS: 70,
  ackTimeoutMs: 15_000,
  /** 1: each courier reports its next stop en route as soon as it has a route (`BenchCourier`). */
  setsOff: 0,
  seed: 1,
});
const urls = opts.url.split(',');
const SLICE_MS = 100;
/** The measured window, set by the orchestrator's `window` message. */
const measured = { measureStartMs: Infinity, measureEndMs: Infinity };
const CONNECTS_IN_FLIGHT = 100;
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const send = (message: FleetLoadReport, then: () => void = () => {}) => {
  if (process.send) process.send(message, then);
  else then();
};

/** Acks, refusals and visits; latencies only for batches emitted inside the measured window. */
class LoadRecorder implements CourierOutcomes {
  latenciesMs: number[] = [];
  batches = 0;
  failedBatches = 0;
  outstanding = 0;
  visits = 0;
  failedVisits = 0;
  /** Refusals by error code, batches and visits together, over the run. */
  failures: Record<string, number> = {};
  worstLateMs = 0;

  inWindow(epochMs: number): boolean {
    return epochMs >= measured.measureStartMs && epochMs < measured.measureEndMs;
  }

  sent(): void {
    this.outstanding++;
  }

  batch(sentAt: number, latencyMs: number, failure: string | null): void {
    this.outstanding--;
    if (failure) this.count(`pings ${failure}`);
    if (!this.inWindow(sentAt)) return;
    this.batches++;
    if (failure === null) this.latenciesMs.push(latencyMs);
    else this.failedBatches++;
  }

  visit(failure: string | null): void {
    this.visits++;
    if (failure === null) return;
    this.failedVisits++;
    this.count(`visits ${failure}`);
  }

  private count(what: string): void {
    this.failures[what] = (this.failures[what] ?? 0) + 1;
  }
}

/**
 * Connects every device, `CONNECTS_IN_FLIGHT` at a time, into `couriers` (by index): each one
 * starts pinging on its next turn as soon as it is in, as a phone does when it comes online.
 */
async function connectAll(
  devices: FleetDevice[],
  couriers: (BenchCourier | undefined)[],
  rng: Rng,
): Promise<void> {
  const network = await loadStreets(opts.network as NetworkKind, opts.osm);
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const i = next++;
      const socket = await connectCourierSocket(urls[i % urls.length]!, devices[i]!.token);
      couriers[i] = new BenchCourier(
        socket,
        devices[i]!,
        network,
        rng.fork(i),
        opts.ackTimeoutMs,
        Date.now(),
        opts.setsOff === 1,
      );
    }
  };
  await Promise.all(Array.from({ length: CONNECTS_IN_FLIGHT }, worker));
}

/**
 * Evenly spaced incident start times over [fromMs, toMs): `perMin` per minute, none when the
 * span is empty.
 */
function incidentTimes(perMin: number, fromMs: number, toMs: number): number[] {
  const count = Math.max(0, Math.round((perMin * (toMs - fromMs)) / 60_000));
  return Array.from({ length: count }, (_, j) => fromMs + ((j + 0.5) / count) * (toMs - fromMs));
}

/** Starts incidents on couriers picked at random among those behaving normally. */
function scheduleIncidents(couriers: BenchCourier[], rng: Rng) {
  const now = Date.now();
  const end = measured.measureEndMs;
  const counts = { silenced: 0, stalled: 0 };
  const timers: NodeJS.Timeout[] = [];
  const pick = (at: number) => {
    for (let tries = 0; tries < 20; tries++) {
      const c = couriers[rng.int(0, couriers.length - 1)]!;
      if (c.isNormal(at)) return c;
    }
    return null;
  };
  const offlineLastStart = end - (opts.offlineAfterS + 2) * 1000;
  for (const at of incidentTimes(opts.offlinePerMin, now, offlineLastStart)) {
    const timer = setTimeout(() => {
      const c = pick(Date.now());
      if (!c) return;
      c.silenceUntil(Date.now() + (opts.offlineAfterS + opts.offlineHoldS) * 1000);
      counts.silenced++;
    }, at - now);
    timers.push(timer);
  }
  for (const at of incidentTimes(opts.stallsPerMin, now, end - opts.stallLeadS * 1000)) {
    const timer = setTimeout(() => {
      const c = pick(Date.now());
      if (!c) return;
      c.stallUntil(Date.now() + opts.stallS * 1000);
      counts.stalled++;
    }, at - now);
    timers.push(timer);
  }
  return { counts, cancel: () => timers.forEach(clearTimeout) };
}

/**
 * Steps every connected courier once per ping period, in slices of SLICE_MS, until the window
 * ends.
 */
function drive(couriers: (BenchCourier | undefined)[], rec: LoadRecorder): Promise<void> {
  const slices = Math.max(1, Math.round((opts.pingEveryS * 1000) / SLICE_MS));
  const perSlice = Math.ceil(couriers.length / slices);
  const startedAt = Date.now();
  let slice = 0;
  return new Promise((done) => {
    const step = () => {
      const now = Date.now();
      if (now >= measured.measureEndMs) return done();
      if (rec.inWindow(now))
        rec.worstLateMs = Math.max(rec.worstLateMs, now - (startedAt + slice * SLICE_MS));
      const from = (slice % slices) * perSlice;
      for (const c of couriers.slice(from, from + perSlice)) c?.step(now, rec);
      slice++;
      setTimeout(step, Math.max(0, startedAt + slice * SLICE_MS - Date.now()));
    };
    step();
  });
}

async function run(devices: FleetDevice[]): Promise<FleetLoadResult> {
  const began = performance.now();
  const rng = createRng(opts.seed);
  const slots = new Array<BenchCourier | undefined>(devices.length);
  const rec = new LoadRecorder();
  const driving = drive(slots, rec);
  await connectAll(devices, slots, rng);
  const couriers = slots as BenchCourier[];
  send({ type: 'connected', connectMs: performance.now() - began });
  const { measureStartMs, measureEndMs } = await windowMessage;
  Object.assign(measured, { measureStartMs, measureEndMs });
  const incidents = scheduleIncidents(couriers, rng.fork('incidents'));
  const cpu = { start: process.cpuUsage(), window: process.cpuUsage() };
  const windowOpens = setTimeout(
    () => (cpu.start = process.cpuUsage()),
    Math.max(0, measured.measureStartMs - Date.now()),
  );
  await driving;
  cpu.window = process.cpuUsage(cpu.start);
  clearTimeout(windowOpens);
  incidents.cancel();
  const drainUntil = Date.now() + opts.ackTimeoutMs + 1000;
  while (rec.outstanding > 0 && Date.now() < drainUntil) await sleep(50);
  const windowS = (measured.measureEndMs - measured.measureStartMs) / 1000;
  const sorted = rec.latenciesMs.sort((a, b) => a - b);
  for (const c of couriers) c.close();
  return {
    ackP50Ms: percentile(sorted, 0.5),
    ackP99Ms: percentile(sorted, 0.99),
    batches: rec.batches,
    failedBatches: rec.failedBatches + rec.outstanding,
    pingsPerS: sorted.length / windowS,
    stopReports: rec.visits,
    failedStopReports: rec.failedVisits,
    failures: rec.failures,
    silenced: incidents.counts.silenced,
    stalled: incidents.counts.stalled,
    worstLateMs: rec.worstLateMs,
    cpuPercent: ((cpu.window.user + cpu.window.system) / 1e6 / windowS) * 100,
  };
}

/** The window arrives after `connected`; messages are handled in order, so one listener will do. */
let windowArrived: (w: FleetWindow) => void = () => {};
const windowMessage = new Promise<FleetWindow>((resolve) => (windowArrived = resolve));
process.on('message', (raw) => {
  const message = raw as FleetLoadStart | FleetWindow;
  if (message.type === 'window') return windowArrived(message);
  run(message.devices).then(
    (result) => send({ type: 'result', result }, () => process.exit(0)),
    (err: unknown) => {
      console.error('fleet load process failed', err);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
