import type { Rng } from '../lib/rng';

export const INCIDENT_KINDS = ['stall', 'offline', 'slowdown'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Expected incidents per courier per hour, by kind; 0 disables a kind. */
export type IncidentRates = Record<IncidentKind, number>;

export const NO_INCIDENTS: IncidentRates = { stall: 0, offline: 0, slowdown: 0 };

/** One injected incident; `from`/`to` are epoch ms (the end is planned until it happens). */
export interface Incident {
  kind: IncidentKind;
  courierId: number;
  from: number;
  to: number;
  /** Speed multiplier while a slowdown lasts. */
  speedFactor?: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Duration ranges in minutes: long enough for the server's detectors (stall after 5 min, offline after 2). */
const DURATION_MINUTES: Record<IncidentKind, [number, number]> = {
  stall: [4, 12],
  offline: [3, 8],
  slowdown: [10, 20],
};

export interface IncidentUpdate {
  started: Incident | null;
  ended: Incident | null;
}

/**
 * Poisson incident schedule for one courier. At most one incident is active at a time, so each
 * one is a clean case for the detectors; a stall only starts while the courier is driving (a
 * courier standing at a stop is not stalled), so a due stall waits for the next drive.
 */
export class IncidentScheduler {
  private readonly nextDueMs = new Map<IncidentKind, number>();
  private current: Incident | null = null;

  constructor(
    private readonly courierId: number,
    private readonly rates: IncidentRates,
    private readonly rng: Rng,
    nowMs: number,
  ) {
    for (const kind of INCIDENT_KINDS) this.scheduleNext(kind, nowMs);
  }

  get active(): Incident | null {
    return this.current;
  }

  update(nowMs: number, context: { driving: boolean }): IncidentUpdate {
    let ended: Incident | null = null;
    if (this.current && nowMs >= this.current.to) {
      ended = { ...this.current, to: nowMs };
      this.current = null;
    }
    let started: Incident | null = null;
    if (!this.current) {
      const kind = this.dueKind(nowMs, context.driving);
      if (kind) {
        started = this.begin(kind, nowMs);
        this.current = started;
        this.scheduleNext(kind, nowMs);
      }
    }
    return { started, ended };
  }

  /** Ends the active incident now (at shutdown) and returns it with its real end. */
  interrupt(nowMs: number): Incident | null {
    const incident = this.current;
    this.current = null;
    return incident ? { ...incident, to: nowMs } : null;
  }

  private dueKind(nowMs: number, driving: boolean): IncidentKind | null {
    let best: IncidentKind | null = null;
    let bestDue = Infinity;
    for (const [kind, due] of this.nextDueMs) {
      if (due > nowMs || due >= bestDue) continue;
      if (kind === 'stall' && !driving) continue;
      best = kind;
      bestDue = due;
    }
    return best;
  }

  private begin(kind: IncidentKind, nowMs: number): Incident {
    const [minMinutes, maxMinutes] = DURATION_MINUTES[kind];
    const to = nowMs + Math.round(this.rng.range(minMinutes, maxMinutes) * MINUTE_MS);
    const incident: Incident = { kind, courierId: this.courierId, from: nowMs, to };
    if (kind === 'slowdown') incident.speedFactor = this.rng.range(0.3, 0.5);
    return incident;
  }

  private scheduleNext(kind: IncidentKind, afterMs: number): void {
    const rate = this.rates[kind];
    if (rate > 0) this.nextDueMs.set(kind, afterMs + this.rng.exponential(HOUR_MS / rate));
    else this.nextDueMs.delete(kind);
  }
}
