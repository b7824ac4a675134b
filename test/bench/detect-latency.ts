import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AlertView } from '@dispatch/shared';
import type { DetectionService } from '../../server/src/detect/detection-service';
import { createRng } from '../../server/src/lib/rng';
import { TestServer } from '../helpers/test-server';
import { planFleet } from './detect-fleet';
import { startFleetPinger } from './detect-pinger';
import { seedDetectFleet } from './detect-seed';

export interface AlertLatencyOptions {
  couriers: number;
  stopsPerCourier: number;
  /** Couriers made to go offline, one after the other. */
  silenced: number;
  tickMs: number;
  offlineAfterS: number;
  /** Every courier pings once every this many seconds. */
  pingEveryS: number;
  /** Pinging before the first courier falls silent: long enough for a full ETA refresh. */
  warmupS: number;
  /** The silenced couriers stop one after the other, evenly over this long. */
  spreadS: number;
  /** Leave the suggestion triggers running (they react to every offline alert). */
  suggestions: boolean;
  seed: number;
  log: (message: string) => void;
}

export interface AlertLatencyResult {
  options: AlertLatencyOptions;
  /** Bulk inserts of couriers and stops. */
  seedMs: number;
  /** Restarting the server so that detection loads the seeded fleet. */
  restartMs: number;
  /** Threshold crossing → the alert received on the supervisor's console socket. */
  latencyMs: number[];
  /** Threshold crossing → the alert stored (its `openedAt`). */
  storedAfterMs: number[];
  /** Stored → received on the console. */
  deliveredAfterMs: number[];
  /** Silenced couriers whose alert never arrived before the deadline. */
  missed: number;
  /** Alert changes the console received other than the expected offline alerts opening, by kind. */
  otherAlerts: Map<string, number>;
  /** Detection passes during the measurement: engine, alert writes and ETA writes. */
  detectionTickMs: number[];
  /** Passes skipped because the previous one was still writing. */
  skippedTicks: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  pingsPerS: number;
  /** How far the pinger fell behind its schedule during the measurement, at worst. */
  pingerWorstLateMs: number;
}

const CENTER = { lat: -20.46, lng: -54.6 };
const SUPERVISOR = { email: 'bench-supervisor@example.com', password: 'bench-alert-watcher' };
/** After the last crossing, how long to wait for stragglers before counting them missed. */
const GRACE_MS = 15_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Times every detection pass, noting the ones it skipped. */
function probeDetectionTicks(detection: DetectionService): {
  durations: number[];
  skipped: () => number;
  measuring: (on: boolean) => void;
} {
  const durations: number[] = [];
  let skipped = 0;
  let on = false;
  const tick = detection.tick.bind(detection);
  detection.tick = async (now?: number) => {
    const before = detection.lastTick;
    const started = performance.now();
    await tick(now);
    if (!on) return;
    if (detection.lastTick === before) skipped++;
    else durations.push(performance.now() - started);
  };
  return { durations, skipped: () => skipped, measuring: (value) => (on = value) };
}

/**
 * The real server in-process with a seeded fleet pinging through the commit path; couriers
 * fall silent at known instants and the time until a supervisor's console socket hears of their
 * offline alert is measured from the instant the silence crossed the offline threshold (last
 * ping received + OFFLINE_AFTER_S, by the server clock).
 */
export async function measureAlertLatency(
  options: AlertLatencyOptions,
): Promise<AlertLatencyResult> {
  const { log } = options;
  const rng = createRng(options.seed);
  const server = await TestServer.start({
    DETECT_TICK_MS: options.tickMs,
    OFFLINE_AFTER_S: options.offlineAfterS,
    CONSOLE_TICK_MS: 500,
    ESCALATE_AFTER_S: 3600,
  });
  let stopPinger = () => {};
  try {
    const plan = planFleet({
      count: options.couriers,
      stopsPerCourier: options.stopsPerCourier,
      center: CENTER,
      spreadMeters: 12_000,
      // Open windows ending far ahead: the only alerts due in the run are the offline ones it causes.
      firstWindowEndMs: Date.now() + 12 * 3_600_000,
      windowStepMs: 30 * 60_000,
      windowLengthMs: 16 * 3_600_000,
      rng: rng.fork('plan'),
    });
    let started = performance.now();
    await seedDetectFleet(server.app, plan, CENTER);
    await server.app.auth.createUser({
      ...SUPERVISOR,
      name: 'Bench supervisor',
      role: 'supervisor',
    });
    const seedMs = performance.now() - started;
    log(`${options.couriers} couriers seeded in ${Math.round(seedMs)} ms; restarting`);
    started = performance.now();
    await server.restart();
    const restartMs = performance.now() - started;
    const app = server.app;
    if (!options.suggestions) await app.triggers.stop();
    const pinger = startFleetPinger(app, plan.couriers, options.pingEveryS, rng.fork('ping'));
    stopPinger = () => pinger.stop();
    const probe = probeDetectionTicks(app.detection);
    const crossingAt = new Map<number, number>();
    const heard = new Map<number, AlertView & { receivedAt: number }>();
    const otherAlerts = new Map<string, number>();
    const supervisor = await server.connectConsole(
      await server.login(SUPERVISOR.email, SUPERVISOR.password),
    );
    supervisor.on('alert:changed', (alert) => {
      const receivedAt = Date.now();
      const id = alert.courierId;
      const expected =
        alert.kind === 'offline' && alert.resolvedAt === null && id !== null && !heard.has(id);
      if (expected && crossingAt.has(id)) heard.set(id, { ...alert, receivedAt });
      else otherAlerts.set(alert.kind, (otherAlerts.get(alert.kind) ?? 0) + 1);
    });

    log(`${options.couriers} couriers pinging every ${options.pingEveryS} s; warming up`);
    await sleep(options.warmupS * 1000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    probe.measuring(true);
    const sentBefore = pinger.sent;
    pinger.resetWorstLate();
    const measureFrom = Date.now();
    const stride = options.couriers / options.silenced;
    const gapMs = (options.spreadS * 1000) / options.silenced;
    for (let j = 0; j < options.silenced; j++) {
      await sleep(Math.max(0, measureFrom + j * gapMs - Date.now()));
      const courier = plan.couriers[Math.floor(j * stride)]!;
      const last = pinger.silence(courier.id);
      if (last !== null) crossingAt.set(courier.id, last + options.offlineAfterS * 1000);
    }
    const deadline = Math.max(...crossingAt.values()) + GRACE_MS;
    while (heard.size < crossingAt.size && Date.now() < deadline) await sleep(50);
    const measuredS = (Date.now() - measureFrom) / 1000;
    probe.measuring(false);
    delay.disable();
    pinger.stop();

    const latencyMs: number[] = [];
    const storedAfterMs: number[] = [];
    const deliveredAfterMs: number[] = [];
    for (const [courierId, alert] of heard) {
      const crossing = crossingAt.get(courierId)!;
      latencyMs.push(alert.receivedAt - crossing);
      storedAfterMs.push(alert.openedAt - crossing);
      deliveredAfterMs.push(alert.receivedAt - alert.openedAt);
    }
    return {
      options,
      seedMs,
      restartMs,
      latencyMs,
      storedAfterMs,
      deliveredAfterMs,
      missed: crossingAt.size - heard.size,
      otherAlerts,
      detectionTickMs: probe.durations,
      skippedTicks: probe.skipped(),
      eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: delay.max / 1e6,
      pingsPerS: (pinger.sent - sentBefore) / measuredS,
      pingerWorstLateMs: pinger.worstLateMs,
    };
  } finally {
    stopPinger();
    await server.stop();
  }
}
