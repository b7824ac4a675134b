import type { Stop, StopChange, StopStatus } from '@dispatch/shared';
import { slaVerdict, type SlaState, type SlaVerdict } from './route-timeline';

/** The header's time-slot filter: stops whose window ends within the next hours, or all. */
export const TIME_SLOTS = ['1h', '2h', '4h', 'all'] as const;
export type TimeSlot = (typeof TIME_SLOTS)[number];
const SLOT_HOURS: Record<TimeSlot, number | null> = { '1h': 1, '2h': 2, '4h': 4, all: null };

/** Stop statuses the console loads: open ones and today's outcomes. */
export const CONSOLE_STOP_STATUSES: readonly StopStatus[] = [
  'unassigned',
  'assigned',
  'en_route',
  'arrived',
  'delivered',
  'failed',
];

export function emptySlaCounts(): Record<SlaState, number> {
  return { on_time: 0, at_risk: 0, late: 0, done: 0, failed: 0 };
}

/** A stop's SLA verdict from its server ETA. */
export function stopVerdict(stop: Stop, now: number): SlaVerdict {
  return slaVerdict(stop, stop.eta, now);
}

/** The stops on the console: loaded over REST, kept current by `stop:changed`, searchable. */
export class StopBoard {
  #byId = $state.raw(new Map<number, Stop>());
  slot = $state<TimeSlot>('all');

  all = $derived([...this.#byId.values()]);

  get(id: number): Stop | undefined {
    return this.#byId.get(id);
  }

  replaceAll(stops: readonly Stop[]): void {
    this.#byId = new Map(stops.map((s) => [s.id, s]));
  }

  /** Applies pushed changes; returns the ids of stops not loaded here (fetch them again). */
  applyChanges(changes: readonly StopChange[]): number[] {
    const next = new Map(this.#byId);
    const unknown: number[] = [];
    for (const change of changes) {
      const stop = next.get(change.id);
      if (!stop) {
        unknown.push(change.id);
        continue;
      }
      next.set(change.id, {
        ...stop,
        status: change.status,
        courierId: change.courierId,
        sequence: change.sequence,
        eta: change.eta,
      });
    }
    this.#byId = next;
    return unknown;
  }

  /** Whether a stop's window ends inside the chosen time slot (overdue ones always do). */
  inSlot(stop: Stop, now: number): boolean {
    const hours = SLOT_HOURS[this.slot];
    return hours === null || stop.windowEnd <= now + hours * 3_600_000;
  }

  /** Stops whose order reference or address contains the query, open ones first. */
  search(query: string, limit = 20): Stop[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits: Stop[] = [];
    for (const stop of this.#byId.values()) {
      if (stop.orderRef?.toLowerCase().includes(q) || stop.address.toLowerCase().includes(q)) {
        hits.push(stop);
      }
    }
    const closed = (s: Stop) => (s.status === 'delivered' || s.status === 'failed' ? 1 : 0);
    return hits.sort((a, b) => closed(a) - closed(b) || a.windowEnd - b.windowEnd).slice(0, limit);
  }

  /** How many stops in the time slot stand in each SLA state. */
  slaCounts(now: number): Record<SlaState, number> {
    const counts = emptySlaCounts();
    for (const stop of this.#byId.values()) {
      if (this.inSlot(stop, now)) counts[stopVerdict(stop, now).state]++;
    }
    return counts;
  }
}
