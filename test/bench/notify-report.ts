/** bench:notify's printed tables and the notes that say what they include. */
import { cpus } from 'node:os';
import { TRACKING_STOPS_AHEAD } from '@dispatch/shared';
import { POSITION_EVERY_MS } from '../../server/src/tracking/track-gateway';
import type { FleetRunResult } from './fleet-run';
import type { DeliveryTally } from './notify-outbox';
import type { StreamResult, WebhookResults, WebhookShape } from './notify-webhooks';
import type { TrackingComparison } from './notify-tracking';
import { cell, markdownTable } from './table';

const ms = (v: number) => cell(v, 0);
const ratio = (a: number, b: number) => `${cell(a / b, 2)}×`;

/** Attempts the sender made, and how many of them failed (attempts beyond one per sent row). */
function attempts(tally: DeliveryTally): string {
  const all = Object.values(tally).reduce((sum, t) => sum + t.attempts, 0);
  const sent = tally.sent?.rows ?? 0;
  const other = Object.entries(tally)
    .filter(([status]) => status !== 'sent')
    .map(([status, t]) => `${status} ${t.rows}`);
  return `${cell(all)} (${cell(all - sent)} failed)${other.length ? `; ${other.join(', ')}` : ''}`;
}

const cpu = (r: { cpu: { serverPercent: number; pgPercent: number } }) =>
  `${cell(r.cpu.serverPercent)} / ${cell(r.cpu.pgPercent)}`;

const order = (r: { audit: { stopsOutOfOrder: number; stops: number } }) =>
  `${cell(r.audit.stopsOutOfOrder)} of ${cell(r.audit.stops)}`;

function throughputTable({ throughput: t }: WebhookResults): string {
  return markdownTable(
    [
      'stops imported',
      'import ms',
      'import → first 200 ms',
      'import → last 200 ms',
      'events/s',
      'bare POSTs/s (baseline)',
      'events/s ÷ baseline',
      'received / written',
      'duplicates',
      'stops out of order',
      'bad signatures',
      'attempts (failed)',
      'server / PG CPU %',
    ],
    [
      [
        cell(t.stops),
        ms(t.importMs),
        ms(t.firstAfterMs),
        ms(t.lastAfterMs),
        cell(t.eventsPerS),
        cell(t.barePostsPerS),
        ratio(t.eventsPerS, t.barePostsPerS),
        `${cell(t.audit.received)} / ${cell(t.audit.expected)}`,
        cell(t.audit.duplicates),
        order(t),
        cell(t.audit.badSignatures),
        attempts(t.deliveries),
        cpu(t),
      ],
    ],
  );
}

function streamRow(name: string, r: StreamResult): string[] {
  return [
    name,
    cell(r.stops),
    `${cell(r.audit.received)} / ${cell(r.audit.expected)}`,
    cell(r.eventsPerS, 1),
    `${ms(r.changeAnswer.p50)} / ${ms(r.changeAnswer.p99)}`,
    ms(r.delay.p50),
    ms(r.delay.p99),
    ms(r.delay.max),
    cell(r.audit.duplicates),
    order(r),
    attempts(r.deliveries),
    cpu(r),
  ];
}

function delayTable(results: WebhookResults, shape: WebhookShape): string {
  return markdownTable(
    [
      'stream',
      'stops',
      'received / written',
      'events/s',
      'change answered p50 / p99 ms',
      'delay p50 ms',
      'delay p99 ms',
      'delay max ms',
      'duplicates',
      'stops out of order',
      'attempts (failed)',
      'server / PG CPU %',
    ],
    [
      streamRow(`receiver up, answers in ${shape.answerMs} ms`, results.delay),
      streamRow(`receiver down ${cell(results.down.downS)} s of it`, results.down),
    ],
  );
}

function downTable({ down: d }: WebhookResults): string {
  return markdownTable(
    [
      'down s',
      'events written while down',
      'their delay p50 / p99 / max ms',
      'backlog at return',
      'return → backlog drained s',
      'received / written (all)',
      'duplicates (by Webhook-Id)',
      'requests cut when it went down',
      'stops out of order',
    ],
    [
      [
        cell(d.downS, 1),
        cell(d.delayWhileDown.count),
        `${ms(d.delayWhileDown.p50)} / ${ms(d.delayWhileDown.p99)} / ${ms(d.delayWhileDown.max)}`,
        cell(d.backlog.events) + (d.backlog.undelivered ? ` (${d.backlog.undelivered} never)` : ''),
        cell(d.backlog.drainMs / 1000, 1),
        `${cell(d.audit.received)} / ${cell(d.audit.expected)}`,
        cell(d.audit.duplicates),
        cell(d.droppedRequests),
        order(d),
      ],
    ],
  );
}

interface FleetMetric {
  name: string;
  of: (r: FleetRunResult) => number;
  digits: number;
}

const FLEET_METRICS: FleetMetric[] = [
  { name: 'server CPU %', of: (r) => r.server.cpuPercent, digits: 0 },
  { name: 'event-loop p99 ms', of: (r) => r.server.eventLoopP99Ms, digits: 1 },
  { name: 'ack p99 ms', of: (r) => r.load.ackP99Ms, digits: 1 },
  { name: 'ping→console p99 ms', of: (r) => r.consoles.deltaP99Ms, digits: 0 },
  { name: 'RSS MiB', of: (r) => r.server.rssMiB, digits: 0 },
];

function trackingTable({ without, withPages }: TrackingComparison): string {
  const row = (r: FleetRunResult) => {
    const t = r.tracking;
    return [
      cell(r.spec.trackingPages ?? 0),
      ...FLEET_METRICS.map((m) => cell(m.of(r), m.digits)),
      t ? `${ms(t.positionP50Ms)} / ${ms(t.positionP99Ms)}` : '—',
      t ? `${cell(t.pagesWithCourier)} of ${cell(t.pages)}` : '—',
      t ? cell(t.updatesPerPagePerMin, 1) : '—',
    ];
  };
  return markdownTable(
    [
      'tracking pages',
      ...FLEET_METRICS.map((m) => m.name),
      'ping→page p50 / p99 ms',
      'pages showing the courier',
      'updates/page/min',
    ],
    [
      row(without),
      row(withPages),
      [
        'with ÷ without',
        ...FLEET_METRICS.map((m) => ratio(m.of(withPages), m.of(without))),
        '',
        '',
        '',
      ],
    ],
  );
}

function refusals(label: string, refused: Record<string, number>): string[] {
  const list = Object.entries(refused).map(([what, n]) => `${what} ${cell(n)}`);
  return list.length ? [`- ${label}: ${list.join(', ')}.`] : [];
}

/** The four tables, or those that ran, with their notes. */
export function printNotifyReport(
  webhooks: { results: WebhookResults; shape: WebhookShape } | null,
  tracking: TrackingComparison | null,
): void {
  const out: string[] = ['## bench:notify', ''];
  if (webhooks) {
    const { results, shape } = webhooks;
    out.push('### Webhook throughput (a burst import, receiver answering at once)', '');
    out.push(throughputTable(results), '');
    out.push(
      `### Webhook delay (${shape.stopsPerS} new stops/s, a change every ${shape.stepS} s each)`,
      '',
    );
    out.push(delayTable(results, shape), '');
    out.push('### Receiver down, then back', '', downTable(results), '');
    const notes = [
      'Events are the outbox rows (`notification_events`) of the stops the phase made, read from the ' +
        'database: received / written compares them with the distinct `Webhook-Id`s the receiver ' +
        'answered 200. Delay runs from the row’s `at` (the stop change’s transaction time, ' +
        'PostgreSQL’s clock on this machine) to the receiver’s 200 going out, so it includes the ' +
        'sender’s poll or wake-up, fan-out, the request and the receiver’s own wait.',
      `Bare POSTs/s: the same number of webhook-sized POSTs sent one at a time by the bench to the ` +
        'same receiver: the ceiling of loopback HTTP here, not a target.',
      'Change answered: request → answer of the stream’s own REST calls (create, window moves, ' +
        'moving onto a route, cancel): what a dispatcher waits while the outbox is written.',
      'Out of order: a stop whose events first reached the receiver not in outbox id order ' +
        '(retries of an event already answered do not count; they are duplicates).',
      `Receiver down: the port closed (connection refused), requests it had taken dropped unanswered; ` +
        'backlog: events written before it came back and not yet answered then; drained when the ' +
        'last of them is answered (the sender’s backoff with jitter decides most of it).',
      'Attempts: the sender’s `notification_deliveries.attempts` for these stops; failed = attempts ' +
        'beyond one per delivery sent.',
      'Server / PG CPU: the server process (every thread) and the PostgreSQL backends of the bench ' +
        'database, % of one core, from the phase’s start until its last event was answered ' +
        '(the stream’s own REST calls included).',
    ];
    out.push(...notes.map((n) => `- ${n}`));
    out.push(
      ...refusals('Stream calls refused (steady)', results.delay.refused),
      ...refusals('Stream calls refused (receiver down)', results.down.refused),
    );
    if (results.throughput.timedOut || results.delay.timedOut || results.down.timedOut)
      out.push(
        `- Some events were still missing after ${shape.drainTimeoutS} s (--drain-timeout-s).`,
      );
    out.push('');
  }
  if (tracking) {
    const { withPages, shape } = tracking;
    out.push(
      `### Tracking pages under fleet load (${cell(withPages.spec.couriers)} couriers, grid)`,
      '',
      trackingTable(tracking),
      '',
    );
    const t = withPages.tracking;
    const notes = [
      'Ping→page: a fix’s time (stamped with Date.now() by the load process as it emits; the view’s ' +
        '`courier.at` carries it) → a page receiving the `tracking:update` with that newer position, ' +
        'over every page; one clock. It includes ingest and the wait for the server’s position push, ' +
        `which runs on a timer (every ${POSITION_EVERY_MS / 1000} s, for couriers that moved): ` +
        'expect p50 near half that interval and p99 near all of it, plus ingest. A page’s first ' +
        'view is not counted.',
      `Couriers ping every ${shape.pingEveryS} s and report their next stop en route once routed ` +
        '(in both runs), so every route is out for delivery and a page shows its courier while it ' +
        `is at most ${TRACKING_STOPS_AHEAD} stops ahead; pages follow each courier’s stop ` +
        `${Math.min(shape.stopsPerCourier, TRACKING_STOPS_AHEAD + 1)} ` +
        '(the furthest still shown), one page per stop, each from its own address (X-Forwarded-For).',
      'Server CPU, event-loop p99, ack p99 and ping→console p99 as in bench:fleet ' +
        `(${shape.consoles} consoles, CONSOLE_TICK_MS ${shape.consoleTickMs}); a fresh database per run.`,
      `${cell(shape.warmupS)} s warm-up, ${cell(shape.durationS)} s measured per run.`,
    ];
    if (t) {
      notes.push(
        `Pages: ${cell(t.pages)} opened, ${cell(t.positionSamples)} position updates timed, ` +
          `max ${ms(t.positionMaxMs)} ms; ${cell(t.disconnected)} lost their connection; the pages’ ` +
          `process used ${cell(t.cpuPercent)} % of a core.`,
      );
      notes.push(...refusals('Pages refused at connect', t.refused).map((l) => l.slice(2)));
    }
    out.push(...notes.map((n) => `- ${n}`), '');
  }
  out.push(`Server, load, receiver, PostgreSQL and this process share ${cpus().length} cores.`);
  console.log(out.join('\n'));
}
