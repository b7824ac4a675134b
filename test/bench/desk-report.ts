import type { ServerFigures } from './desk-api';
import { cell, markdownTable, percentile } from './table';

/** One world at one minute: the server's figures, the panel's, and what the dispatcher did. */
export interface DeskSample extends ServerFigures {
  minute: number;
  panelRows: number;
  panelRowsWithFix: number;
  rowsOnScreen: number;
  rowCapacity: number | null;
  fixesClicked: number;
  fixesApplied: number;
  acks: number;
}

/** What the scripted dispatcher did over the run, for the summary. */
export interface DispatcherSummary {
  rounds: number;
  roundsAtLimit: number;
  clicks: number;
  accepts: Record<string, number>;
  acceptMs: number[];
  acks: Record<string, number>;
  returned: number;
  acceptedAgain: number;
  oldestInViewMinutes: number;
  roundSeconds: number[];
  foundOpen: number;
  conflicts: ConflictCauses;
  busiestReceiver: { courierId: number; fixes: number } | null;
}

/** Why accepts ended in a conflict, as far as the suggestions seen tell. */
export interface ConflictCauses {
  total: number;
  /** A courier of the fix (giver or receiver) had been moved by a fix applied earlier here. */
  afterEarlierFix: number;
  /** The suggestion was never seen through the API. */
  unknown: number;
}

/** Suggestion fields that say whose routes a fix touches. */
interface FixCouriers {
  fromCourierId: number | null;
  toCourierId: number | null;
  receiverIds?: number[];
}

/** The courier that received stops from the most applied fixes (a blind dispatcher's pile-up). */
export function busiestReceiver(
  actions: readonly { type: string; outcome: string; suggestionId?: number }[],
  suggestion: (id: number) => FixCouriers | undefined,
): { courierId: number; fixes: number } | null {
  const received = new Map<number, number>();
  for (const a of actions) {
    if (a.type !== 'accept' || a.outcome !== 'applied' || a.suggestionId === undefined) continue;
    const fix = suggestion(a.suggestionId);
    const receivers = new Set(fix?.receiverIds ?? (fix?.toCourierId ? [fix.toCourierId] : []));
    for (const id of receivers) received.set(id, (received.get(id) ?? 0) + 1);
  }
  let best: { courierId: number; fixes: number } | null = null;
  for (const [courierId, fixes] of received)
    if (!best || fixes > best.fixes) best = { courierId, fixes };
  return best;
}

/**
 * Sorts the conflicts of `actions` (in order) by cause: did an earlier applied fix touch one of
 * the same couriers (and so bump its route version)?
 */
export function conflictCauses(
  actions: readonly { type: string; outcome: string; suggestionId?: number }[],
  suggestion: (id: number) => FixCouriers | undefined,
): ConflictCauses {
  const couriersOf = (s: FixCouriers) =>
    [s.fromCourierId, s.toCourierId, ...(s.receiverIds ?? [])].filter((id) => id !== null);
  const moved = new Set<number>();
  const causes: ConflictCauses = { total: 0, afterEarlierFix: 0, unknown: 0 };
  for (const a of actions) {
    if (a.type !== 'accept' || a.suggestionId === undefined) continue;
    const fix = suggestion(a.suggestionId);
    if (a.outcome === 'applied' && fix) for (const id of couriersOf(fix)) moved.add(id);
    if (a.outcome !== 'conflict') continue;
    causes.total++;
    if (!fix) causes.unknown++;
    else if (couriersOf(fix).some((id) => moved.has(id))) causes.afterEarlierFix++;
  }
  return causes;
}

interface Metric {
  name: string;
  value: (s: DeskSample) => number | null;
  digits?: number;
}

const rate = (s: DeskSample) => (s.delivered > 0 ? (s.deliveredOnTime / s.delivered) * 100 : null);

const METRICS: Metric[] = [
  { name: 'open alerts', value: (s) => s.openAlerts },
  { name: 'open alerts, not info', value: (s) => s.openAlertsNonInfo },
  { name: 'problem groups (all)', value: (s) => s.groups },
  { name: 'problem groups shown (not info)', value: (s) => s.groupsShown },
  { name: '… of them with a fix (API)', value: (s) => s.groupsShownWithFix },
  { name: 'rows in the panel (page)', value: (s) => s.panelRows },
  { name: '… of them with a fix (page)', value: (s) => s.panelRowsWithFix },
  { name: 'rows on screen without scrolling', value: (s) => s.rowsOnScreen },
  { name: 'rows a screen holds at their height', value: (s) => s.rowCapacity },
  {
    name: 'open suggestions (server lists at most 200)',
    value: (s) => s.openSuggestions,
  },
  { name: '… of them stale (stop done or moved)', value: (s) => s.staleSuggestions },
  { name: 'live ones on a route that moved on', value: (s) => s.outdatedSuggestions },
  { name: 'groups shown whose best fix moved on', value: (s) => s.groupsShownBestFixOutdated },
  { name: 'suggestions under no problem', value: (s) => s.unplacedSuggestions },
  { name: 'fixes clicked so far', value: (s) => s.fixesClicked },
  { name: 'fixes applied so far', value: (s) => s.fixesApplied },
  { name: 'acknowledged so far', value: (s) => s.acks },
  { name: 'delivered so far', value: (s) => s.delivered },
  { name: 'stops late so far', value: (s) => s.lateSoFar },
  { name: 'stops at risk now', value: (s) => s.atRisk },
  { name: 'on-time rate so far %', value: rate, digits: 1 },
];

function ratio(a: number | null, b: number | null): string {
  if (a === null || b === null) return '—';
  if (b === 0) return a === 0 ? '1.00×' : '—';
  return `${cell(a / b, 2)}×`;
}

/** Checkpoint minutes: every 5 minutes (every minute on runs under 10), and the last. */
export function checkpoints(minutes: number): number[] {
  const step = minutes >= 10 ? 5 : 1;
  const marks: number[] = [];
  for (let m = step; m < minutes; m += step) marks.push(m);
  marks.push(minutes);
  return marks;
}

/** One table per checkpoint: world A (dispatcher) beside world B (nobody acting), and A / B. */
export function checkpointTable(a: DeskSample, b: DeskSample): string {
  return markdownTable(
    ['metric', 'A: dispatcher', 'B: nobody', 'A / B'],
    METRICS.map((m) => [
      m.name,
      cell(m.value(a) ?? undefined, m.digits ?? 0),
      cell(m.value(b) ?? undefined, m.digits ?? 0),
      ratio(m.value(a), m.value(b)),
    ]),
  );
}

/** Over the whole run: how the panel held up, and what the dispatcher's clicks came to. */
export function summaryTable(
  a: readonly DeskSample[],
  b: readonly DeskSample[],
  dispatcher: DispatcherSummary,
): string {
  const max = (list: readonly DeskSample[], pick: (s: DeskSample) => number) =>
    list.reduce((m, s) => Math.max(m, pick(s)), 0);
  const mean = (list: readonly DeskSample[], pick: (s: DeskSample) => number) =>
    list.length === 0 ? NaN : list.reduce((t, s) => t + pick(s), 0) / list.length;
  const fitting = (list: readonly DeskSample[]) =>
    list.filter((s) => s.panelRows <= s.rowsOnScreen).length;
  const capacities = a.map((s) => s.rowCapacity).filter((c): c is number => c !== null);
  const lastA = a.at(-1)!;
  const lastB = b.at(-1)!;
  const ms = [...dispatcher.acceptMs].sort((x, y) => x - y);
  const rounds = [...dispatcher.roundSeconds].sort((x, y) => x - y);
  const { conflicts } = dispatcher;
  const outcomes = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const rows: [string, string, string][] = [
    ['samples (one a minute)', cell(a.length), cell(b.length)],
    [
      'problem groups shown: mean',
      cell(
        mean(a, (s) => s.groupsShown),
        1,
      ),
      cell(
        mean(b, (s) => s.groupsShown),
        1,
      ),
    ],
    [
      'problem groups shown: max',
      cell(max(a, (s) => s.groupsShown)),
      cell(max(b, (s) => s.groupsShown)),
    ],
    [
      'panel rows on the page: max',
      cell(max(a, (s) => s.panelRows)),
      cell(max(b, (s) => s.panelRows)),
    ],
    [
      'rows a screen holds (1280×720): min–max',
      capacities.length ? `${Math.min(...capacities)}–${Math.max(...capacities)}` : '—',
      '',
    ],
    [
      'minutes with every row on one screen',
      `${fitting(a)} / ${a.length}`,
      `${fitting(b)} / ${b.length}`,
    ],
    [
      'stale open suggestions: max',
      cell(max(a, (s) => s.staleSuggestions)),
      cell(max(b, (s) => s.staleSuggestions)),
    ],
    ['delivered at the end', cell(lastA.delivered), cell(lastB.delivered)],
    ['stops late at the end', cell(lastA.lateSoFar), cell(lastB.lateSoFar)],
    [
      'on-time rate at the end %',
      cell(rate(lastA) ?? undefined, 1),
      cell(rate(lastB) ?? undefined, 1),
    ],
    ['rounds (budget used up)', `${dispatcher.rounds} (${dispatcher.roundsAtLimit})`, '—'],
    [
      'round seconds p50 / max',
      rounds.length ? `${cell(percentile(rounds, 0.5), 1)} / ${cell(rounds.at(-1), 1)}` : '—',
      '—',
    ],
    ['clicks on the page (open, accept, close, ack)', cell(dispatcher.clicks), '—'],
    ['rows found open at a round start (closed)', cell(dispatcher.foundOpen), '—'],
    ['accepts by outcome', outcomes(dispatcher.accepts), '—'],
    [
      'accept click → answer ms p50 / max',
      ms.length ? `${cell(percentile(ms, 0.5))} / ${cell(ms.at(-1))}` : '—',
      '—',
    ],
    [
      'conflicts on a courier an earlier fix had moved',
      `${conflicts.afterEarlierFix} of ${conflicts.total}` +
        (conflicts.unknown ? ` (${conflicts.unknown} unknown)` : ''),
      '—',
    ],
    ['acknowledgements by outcome', outcomes(dispatcher.acks), '—'],
    ['problems that left and came back', cell(dispatcher.returned), '—'],
    [
      'most applied fixes moving stops to one courier',
      dispatcher.busiestReceiver
        ? `${dispatcher.busiestReceiver.fixes} (courier ${dispatcher.busiestReceiver.courierId})`
        : '—',
      '—',
    ],
    ['problems with a fix applied twice or more', cell(dispatcher.acceptedAgain), '—'],
    [
      'longest a problem now shown has been in view, min',
      cell(dispatcher.oldestInViewMinutes, 1),
      '—',
    ],
  ];
  return markdownTable(['over the run', 'A: dispatcher', 'B: nobody'], rows);
}
