import type { TruthSpell } from './ground-truth';

/**
 * Detector alerts scored against the true spells of their condition. An alert matches a spell of
 * the same courier that is long enough to want one (at least the threshold) when it opened during
 * the spell or within the grace after it. Each spell takes one alert: a second alert on a spell
 * already alerted (the first resolved and the condition opened again) is a duplicate, and counts
 * against precision like any alert nobody wanted.
 */

/** One alert as the detector opened it; server time, epoch ms. */
export interface ScoredAlert {
  courierId: number;
  openedAt: number;
}

export type AlertOutcome = 'matched' | 'duplicate' | 'unwanted';

export interface ScoringRules {
  thresholdMs: number;
  graceMs: number;
}

/** Recall over the spells whose length exceeds the threshold by (overMinMs, overMaxMs]. */
export interface LengthBucket {
  label: string;
  overMinMs: number;
  overMaxMs: number;
  spells: number;
  alerted: number;
}

export interface AlertScore {
  /** Per alert, in the order given. */
  outcomes: AlertOutcome[];
  alerts: number;
  matched: number;
  /** Spells at least the threshold long: the ones that want an alert. */
  wanted: number;
  /** Wanted spells that got an alert. */
  alerted: number;
  precision: number;
  recall: number;
  /** Per matched alert: opened − (spell start + threshold), ms; negative when early. */
  delaysMs: number[];
  buckets: LengthBucket[];
  /** The wanted spells with no alert. */
  missed: TruthSpell[];
}

const MINUTE_MS = 60_000;

/** Scores one alert kind; `spells` are the true spells of its condition. */
export function scoreAlerts(
  alerts: readonly ScoredAlert[],
  spells: readonly TruthSpell[],
  rules: ScoringRules,
): AlertScore {
  const wanted = spells.filter((s) => s.to - s.from >= rules.thresholdMs);
  const byCourier = new Map<number, TruthSpell[]>();
  for (const spell of wanted) {
    const list = byCourier.get(spell.courierId) ?? [];
    list.push(spell);
    byCourier.set(spell.courierId, list);
  }
  const claimed = new Set<TruthSpell>();
  const delaysMs: number[] = [];
  const order = alerts.map((_, i) => i).sort((a, b) => alerts[a]!.openedAt - alerts[b]!.openedAt);
  const outcomes: AlertOutcome[] = alerts.map(() => 'unwanted');
  for (const i of order) {
    const alert = alerts[i]!;
    const candidates = (byCourier.get(alert.courierId) ?? []).filter(
      (s) => alert.openedAt >= s.from && alert.openedAt <= s.to + rules.graceMs,
    );
    const free = candidates.find((s) => !claimed.has(s));
    if (free) {
      claimed.add(free);
      outcomes[i] = 'matched';
      delaysMs.push(alert.openedAt - (free.from + rules.thresholdMs));
    } else if (candidates.length > 0) {
      outcomes[i] = 'duplicate';
    }
  }
  const matched = outcomes.filter((o) => o === 'matched').length;
  return {
    outcomes,
    alerts: alerts.length,
    matched,
    wanted: wanted.length,
    alerted: claimed.size,
    precision: alerts.length === 0 ? NaN : matched / alerts.length,
    recall: wanted.length === 0 ? NaN : claimed.size / wanted.length,
    delaysMs: delaysMs.sort((a, b) => a - b),
    buckets: lengthBuckets(wanted, claimed, rules.thresholdMs),
    missed: wanted.filter((s) => !claimed.has(s)),
  };
}

function lengthBuckets(
  wanted: readonly TruthSpell[],
  claimed: ReadonlySet<TruthSpell>,
  thresholdMs: number,
): LengthBucket[] {
  const edges: [string, number, number][] = [
    ['threshold … +1 min', -1, MINUTE_MS],
    ['+1 … +5 min', MINUTE_MS, 5 * MINUTE_MS],
    ['over +5 min', 5 * MINUTE_MS, Infinity],
  ];
  return edges.map(([label, overMinMs, overMaxMs]) => {
    const inside = wanted.filter((s) => {
      const over = s.to - s.from - thresholdMs;
      return over > overMinMs && over <= overMaxMs;
    });
    return {
      label,
      overMinMs,
      overMaxMs,
      spells: inside.length,
      alerted: inside.filter((s) => claimed.has(s)).length,
    };
  });
}
