import { haversineMeters } from '@dispatch/shared';

/**
 * The conditions the courier detectors look for, as they truly happened: computed from the
 * courier's true trajectory and its phone's true sending, never from the fixes the detectors
 * read, nor from their rules beyond the product's stated ones (a stall is a standstill with open
 * stops, serving none, away from the next stop; offline is silence with open stops).
 */

/** One step of a courier's true life, in time order. */
export interface TruthSample {
  atMs: number;
  /** True position of the courier (on foot when away from a parked vehicle). */
  lat: number;
  lng: number;
  /** Serving a stop (arrived and not yet left). */
  serving: boolean;
  /** The next open stop in route order, null when none is open. */
  nextStop: { lat: number; lng: number } | null;
  /** The phone sent a fix at this step (recorded it and had the network). */
  sending: boolean;
}

export type TruthSpellKind = 'standstill' | 'silence';

/** A stretch of time a condition truly held for one courier. `to` is exclusive, epoch ms. */
export interface TruthSpell {
  kind: TruthSpellKind;
  courierId: number;
  from: number;
  to: number;
  /** True when the run ended before the condition did (the spell may be longer). */
  cutAtEnd: boolean;
}

export interface TruthRules {
  /** A standstill stays within this distance of where it began. */
  stillMeters: number;
  /** Standing this close to the next stop is waiting to serve it (the product's stated rule). */
  nearStopMeters: number;
  /** Spells shorter than this are not kept (they explain no alert and would fill memory). */
  keepFromMs: number;
}

export const DEFAULT_TRUTH_RULES: TruthRules = {
  stillMeters: 25,
  nearStopMeters: 100,
  keepFromMs: 30_000,
};

interface OpenStill {
  from: number;
  lat: number;
  lng: number;
  lastAt: number;
}

/**
 * Follows one courier's true samples and keeps its standstill and silence spells. A standstill is
 * a run of samples within `stillMeters` of the run's first position, all with an open stop farther
 * than `nearStopMeters`, serving none; it lasts from its first sample to the first sample that
 * breaks it. A silence runs from the last sample the phone sent to the next one, while a stop is
 * open; it ends when the phone sends again.
 */
export class TruthTracker {
  private readonly spells: TruthSpell[] = [];
  private still: OpenStill | null = null;
  private lastSentAt: number | null = null;
  private silentSince: number | null = null;
  private lastAt: number | null = null;

  constructor(
    private readonly courierId: number,
    private readonly rules: TruthRules = DEFAULT_TRUTH_RULES,
  ) {}

  observe(sample: TruthSample): void {
    this.observeStill(sample);
    this.observeSilence(sample);
    this.lastAt = sample.atMs;
  }

  /** Closes the spells still open at `endMs` (marked cut) and returns every spell kept. */
  finish(endMs: number): TruthSpell[] {
    if (this.still) this.keep('standstill', this.still.from, endMs, true);
    if (this.silentSince !== null) this.keep('silence', this.silentSince, endMs, true);
    this.still = null;
    this.silentSince = null;
    return this.spells;
  }

  private observeStill(s: TruthSample): void {
    const eligible =
      !s.serving &&
      s.nextStop !== null &&
      haversineMeters(s.lat, s.lng, s.nextStop.lat, s.nextStop.lng) > this.rules.nearStopMeters;
    const open = this.still;
    if (open && eligible) {
      if (haversineMeters(open.lat, open.lng, s.lat, s.lng) <= this.rules.stillMeters) {
        open.lastAt = s.atMs;
        return;
      }
    }
    if (open) this.keep('standstill', open.from, s.atMs, false);
    this.still = eligible ? { from: s.atMs, lat: s.lat, lng: s.lng, lastAt: s.atMs } : null;
  }

  private observeSilence(s: TruthSample): void {
    const hasWork = s.nextStop !== null;
    if (this.silentSince !== null && (s.sending || !hasWork)) {
      this.keep('silence', this.silentSince, s.atMs, false);
      this.silentSince = null;
    }
    if (s.sending) {
      this.lastSentAt = s.atMs;
    } else if (this.silentSince === null && hasWork) {
      // Silence is counted from the last fix that got out; a fresh start counts from now.
      this.silentSince = this.lastSentAt ?? this.lastAt ?? s.atMs;
    }
  }

  private keep(kind: TruthSpellKind, from: number, to: number, cutAtEnd: boolean): void {
    if (to - from < this.rules.keepFromMs) return;
    this.spells.push({ kind, courierId: this.courierId, from, to, cutAtEnd });
  }
}
