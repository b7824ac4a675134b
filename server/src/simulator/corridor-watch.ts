import type { CorridorIncident, Traffic } from './world/types';

/**
 * Follows the traffic's corridor incidents over a live run, so each goes into the ground-truth
 * log exactly once: when it has ended, or cut at the run's end if it is still under way. The
 * traffic draws them by the hour on demand; this only asks about the window since the last look,
 * and an incident that has ended cannot overlap a later window, so none comes back.
 */
export class CorridorWatch {
  /** Seen and not yet ended, by id. */
  private readonly open = new Map<number, CorridorIncident>();
  private lastMs: number;
  private stopped = false;

  constructor(
    private readonly traffic: Pick<Traffic, 'corridorIncidents'>,
    startMs: number,
  ) {
    this.lastMs = startMs;
  }

  /** Incidents that ended since the last call (each once), from the run's start on. */
  ended(nowMs: number): CorridorIncident[] {
    if (this.stopped || nowMs <= this.lastMs) return [];
    for (const incident of this.traffic.corridorIncidents(this.lastMs, nowMs)) {
      this.open.set(incident.id, incident);
    }
    this.lastMs = nowMs;
    const ended = [...this.open.values()].filter((incident) => incident.to <= nowMs);
    for (const incident of ended) this.open.delete(incident.id);
    return ended;
  }

  /** At the run's end: what ended meanwhile, then what is still under way, cut at `nowMs`. */
  interruptAll(nowMs: number): CorridorIncident[] {
    const ended = this.ended(nowMs);
    const cut = [...this.open.values()].map((incident) => ({ ...incident, to: nowMs }));
    this.open.clear();
    this.stopped = true;
    return [...ended, ...cut];
  }
}
