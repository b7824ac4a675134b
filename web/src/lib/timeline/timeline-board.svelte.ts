import type {
  Courier,
  ReassignRequest,
  ReassignResult,
  Stop,
  StopChange,
  StopStatus,
} from '@dispatch/shared';
import { t as consoleTranslate } from '../i18n/language.svelte';
import type { Translate } from '../i18n/translate';
import {
  MoveUndo,
  ReassignDraft,
  RouteVersions,
  type ReassignOutcome,
} from '../state/reassignment.svelte';
import { sendUndoableMove } from '../state/undoable-move';
import { LANE_STATUSES, dayLanes, type DayLane } from './day-lanes';

/** What the day view reads and sends. */
export interface TimelineIo {
  fetchCouriers(): Promise<Courier[]>;
  fetchStops(statuses: readonly StopStatus[]): Promise<Stop[]>;
  reassign(request: ReassignRequest): Promise<ReassignResult>;
}

/**
 * The day view's state: every active courier and the stops on their routes, kept current by
 * `stop:changed` / `route:changed`, the route versions last seen, and moves with their undo
 * (labelled in the console's language, `translate`).
 */
export class TimelineBoard {
  couriers = $state.raw<Courier[]>([]);
  stops = $state.raw(new Map<number, Stop>());
  status = $state<'loading' | 'ready' | 'error'>('loading');
  problem = $state<string | null>(null);
  readonly versions = new RouteVersions();
  readonly draft = new ReassignDraft();
  readonly undo = new MoveUndo();
  #reload: Promise<void> | null = null;

  constructor(
    private readonly io: TimelineIo,
    private readonly translate: Translate = consoleTranslate,
  ) {}

  async load(): Promise<void> {
    try {
      await Promise.all([this.loadCouriers(), this.loadStops()]);
      this.status = 'ready';
    } catch (err) {
      this.status = 'error';
      this.problem = err instanceof Error ? err.message : String(err);
    }
  }

  async loadCouriers(): Promise<void> {
    const couriers = await this.io.fetchCouriers();
    for (const c of couriers) this.versions.note(c.id, c.routeVersion);
    this.couriers = couriers;
  }

  /** Reloads the stops (one reload at a time; callers meanwhile share it). */
  async loadStops(): Promise<void> {
    this.#reload ??= this.io
      .fetchStops(LANE_STATUSES)
      .then((stops) => {
        this.stops = new Map(stops.map((s) => [s.id, s]));
      })
      .finally(() => (this.#reload = null));
    await this.#reload;
  }

  lanes(now: number): DayLane[] {
    return dayLanes(this.couriers, [...this.stops.values()], now);
  }

  /**
   * Applies pushed stop changes; returns whether some were unknown here (reload them). A moved
   * stop's ETA is cleared until the server estimates it again: where it kept its courier and
   * place the old one still holds, so it is kept.
   */
  applyChanges(changes: readonly StopChange[]): boolean {
    const next = new Map(this.stops);
    let unknown = false;
    for (const change of changes) {
      const stop = next.get(change.id);
      if (!stop) {
        if (LANE_STATUSES.includes(change.status)) unknown = true;
        continue;
      }
      if (!LANE_STATUSES.includes(change.status)) {
        next.delete(change.id);
        continue;
      }
      const samePlace = stop.courierId === change.courierId && stop.sequence === change.sequence;
      next.set(change.id, {
        ...stop,
        status: change.status,
        courierId: change.courierId,
        sequence: change.sequence,
        eta: change.eta ?? (samePlace ? stop.eta : null),
      });
    }
    this.stops = next;
    return unknown;
  }

  ownerOf(stopId: number): number | null | undefined {
    return this.stops.get(stopId)?.courierId;
  }

  /** A courier's open stops in visiting order. */
  routeOf(courierId: number): number[] {
    return [...this.stops.values()]
      .filter((s) => s.courierId === courierId)
      .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))
      .map((s) => s.id);
  }

  nameOf(courierId: number): string {
    return (
      this.couriers.find((c) => c.id === courierId)?.name ??
      this.translate('timeline.courierNumber', { id: String(courierId) })
    );
  }

  /**
   * Moves stops to a courier at a position through the reassignment (against the route
   * versions seen); an applied move offers its undo, a conflict reloads the day.
   */
  async move(
    stopIds: readonly number[],
    toCourierId: number,
    position: number,
  ): Promise<ReassignOutcome | null> {
    const routeVersions: Record<string, number> = {};
    for (const id of [toCourierId, ...stopIds.map((s) => this.ownerOf(s))]) {
      if (id === null || id === undefined) continue;
      const version = this.versions.get(id);
      if (version !== undefined) routeVersions[String(id)] = version;
    }
    return sendUndoableMove(
      { stopIds: [...stopIds], toCourierId, position, routeVersions },
      {
        ownerOf: (id) => this.ownerOf(id),
        routeOf: (id) => this.routeOf(id),
        orderRefOf: (id) => this.stops.get(id)?.orderRef ?? null,
        nameOf: (id) => this.nameOf(id),
        t: this.translate,
        send: (request) => this.send(request),
      },
      this.undo,
    );
  }

  /** Takes the last move back, if its toast is still up. */
  async undoLast(): Promise<ReassignOutcome | null> {
    return this.undo.undo(this.versions, (request) => this.send(request));
  }

  private async send(request: ReassignRequest): Promise<ReassignOutcome | null> {
    const outcome = await this.draft.submit(request, (r) => this.io.reassign(r));
    if (outcome?.state === 'applied') this.versions.noteAll(outcome.result.routeVersions);
    if (outcome?.state === 'applied' || outcome?.state === 'conflict') {
      await Promise.all([this.loadCouriers(), this.loadStops()]).catch(() => {});
    }
    return outcome;
  }
}
