/**
 * `pnpm bench:notify`: the customer side as users feel it. Webhooks: a receiver process on
 * 127.0.0.1 subscribed to a hub of the real server (its own process, a fresh PostgreSQL
 * database); a burst import (events/s through the outbox), a steady stream of stop changes
 * (change → the receiver's 200), and the same stream with the receiver down for a while (all
 * delivered, in order, how long the backlog took). Tracking: the fleet bench's run with and
 * without tracking pages open, side by side. Prints markdown tables.
 * Flags: --quick (small sizes, about three minutes) --tables webhooks,tracking --burst-stops
 * --stops-per-s --step-s --stream-s --answer-ms --down-lead-s --down-s --down-tail-s
 * --drain-timeout-s --route-couriers --couriers --pages --warmup-s --duration-s --consoles
 * --suggestions on|off --seed --pg-url.
 */
import { killAllChildren } from './children';
import { runningDatabase } from './fleet-run';
import { parseFlags } from './messages';
import { printNotifyReport } from './notify-report';
import { runTrackingComparison, type TrackingComparison } from './notify-tracking';
import {
  runWebhookPhases,
  webhookDatabase,
  type WebhookResults,
  type WebhookShape,
} from './notify-webhooks';
import { progress } from './run-phase';

const DEFAULTS = {
  tables: 'webhooks,tracking',
  burstStops: 2000,
  stopsPerS: 2,
  stepS: 2,
  streamS: 60,
  answerMs: 50,
  downLeadS: 10,
  downS: 30,
  downTailS: 15,
  drainTimeoutS: 300,
  routeCouriers: 10,
  couriers: 1000,
  pages: 1000,
  warmupS: 30,
  durationS: 60,
  consoles: 20,
  suggestions: 'on',
  seed: 1,
  pgUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};

/** `--quick`: sizes for a check that everything works, not for figures. */
const QUICK: Partial<typeof DEFAULTS> = {
  burstStops: 500,
  streamS: 10,
  downLeadS: 3,
  downS: 10,
  downTailS: 3,
  drainTimeoutS: 120,
  couriers: 300,
  pages: 300,
  warmupS: 10,
  durationS: 15,
};

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const opts = parseFlags(
  argv.filter((a) => a !== '--quick'),
  { ...DEFAULTS, ...(quick ? QUICK : {}) },
);
const tables = opts.tables.split(',').filter(Boolean);
for (const t of tables)
  if (t !== 'webhooks' && t !== 'tracking') throw new Error('--tables takes webhooks, tracking');
if (opts.suggestions !== 'on' && opts.suggestions !== 'off')
  throw new Error('--suggestions takes on or off');
for (const [name, value] of Object.entries(opts)) {
  if (typeof value === 'number' && (value < 0 || (name !== 'answerMs' && value === 0)))
    throw new Error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be positive`);
}

const webhookShape: WebhookShape = { ...opts, couriers: opts.routeCouriers };
const streamS = opts.streamS + opts.downLeadS + opts.downS + opts.downTailS;
const deadlineMs =
  (tables.includes('webhooks') ? streamS + 3 * opts.drainTimeoutS + 240 : 0) * 1000 +
  (tables.includes('tracking')
    ? 2 * (opts.warmupS + opts.durationS + 180) + opts.couriers / 40
    : 0) *
    1000;

async function main(): Promise<void> {
  let webhooks: { results: WebhookResults; shape: WebhookShape } | null = null;
  let tracking: TrackingComparison | null = null;
  if (tables.includes('webhooks')) {
    const results = await runWebhookPhases(webhookShape, (m) => progress(`[webhooks] ${m}`));
    webhooks = { results, shape: webhookShape };
  }
  if (tables.includes('tracking')) {
    progress(`[tracking] ${opts.couriers} couriers, without and with ${opts.pages} pages`);
    tracking = await runTrackingComparison({ ...opts, suggestions: opts.suggestions === 'on' });
  }
  printNotifyReport(webhooks, tracking);
}

/** Error and signal path: no child process or bench database is left behind. */
async function abort(reason: string, code: number): Promise<never> {
  console.error(reason);
  killAllChildren();
  for (const db of [webhookDatabase(), runningDatabase()]) await db?.drop().catch(() => undefined);
  process.exit(code);
}

progress(
  `bench:notify ${tables.join(' + ')}; giving up after ${Math.round(deadlineMs / 60_000)} min`,
);
const watchdog = setTimeout(() => void abort('bench:notify ran over its deadline', 1), deadlineMs);
watchdog.unref();
process.on('SIGINT', () => void abort('interrupted', 130));
process.on('SIGTERM', () => void abort('terminated', 143));
main().then(
  () => process.exit(0),
  (err: unknown) =>
    abort(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1),
);
