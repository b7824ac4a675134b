import {
  VEHICLE_SPEED_MPS,
  type AlertView,
  type ConsoleConfig,
  type ConsoleUser,
  type Courier,
  type Hub,
  type ReassignRequest,
  type ReassignResult,
  type TrailPoint,
  type ViewRequest,
} from '@dispatch/shared';
import * as api from '../api';
import { t } from '../i18n/language.svelte';
import { ConsoleLink } from '../realtime/console-socket';
import { FrameLoop } from '../realtime/frame-loop';
import { AlertFeed } from '../state/alerts.svelte';
import { Clock } from '../state/clock.svelte';
import { Connection } from '../state/connection.svelte';
import { Fleet } from '../state/fleet.svelte';
import { FleetLateness } from '../state/fleet-lateness.svelte';
import { ReassignDraft, RouteVersions, type ReassignOutcome } from '../state/reassignment.svelte';
import { SelectedRoute } from '../state/route.svelte';
import { routeTimeline } from '../state/route-timeline';
import { Selection } from '../state/selection.svelte';
import { PlanBoard } from '../state/planning.svelte';
import { consoleProblemSource } from '../problems/console-problems';
import { ProblemBoard } from '../problems/problem-board.svelte';
import { CONSOLE_STOP_STATUSES, StopBoard } from '../state/stops.svelte';
import { SuggestionBoard, type SuggestionActions } from '../state/suggestions.svelte';
import { loadConsoleConfig } from './console-config';
import { ConsoleMoves } from './console-moves.svelte';
import { wireConsoleEvents } from './console-events.svelte';

const ROSTER_REFRESH_MS = 60_000;

/** A load that failed at start: what could not be had, and the server's or network's reason. */
export interface LoadFailure {
  what: 'couriers' | 'stops' | 'alerts' | 'suggestions';
  reason: string;
}
const TRAIL_REFRESH_MS = 20_000;

/**
 * Everything the console page shows, wired to the server: REST loads, the `/console` stream,
 * and the dispatcher's actions (over the socket when it is live, over REST otherwise).
 */
export class ConsoleSession {
  readonly connection = new Connection();
  readonly fleet = new Fleet();
  readonly alerts = new AlertFeed();
  readonly suggestions = new SuggestionBoard();
  readonly stops = new StopBoard();
  readonly route = new SelectedRoute(api.fetchRoute);
  readonly selection = new Selection();
  readonly reassign = new ReassignDraft();
  readonly versions = new RouteVersions();
  readonly clock = new Clock();
  readonly frames = new FrameLoop();
  readonly planning = new PlanBoard();
  /** Open alerts read as problems (grouped by courier and cause) with their suggestions. */
  readonly problemBoard: ProblemBoard = new ProblemBoard(consoleProblemSource(this));
  /** Moves made on this page (the move panel, a stop dragged on the map) and their one undo. */
  readonly moves: ConsoleMoves = new ConsoleMoves(this);
  /** Who is behind, from the stops and open alerts, and the legend's filter by it. */
  readonly lateness = new FleetLateness({
    stops: () => this.stops.all,
    alerts: () => this.alerts.open,
    now: () => this.clock.now,
  });

  config = $state.raw<ConsoleConfig | null>(null);
  couriers = $state.raw(new Map<number, Courier>());
  hubs = $state.raw<Hub[]>([]);
  trail = $state.raw<TrailPoint[]>([]);
  /** Things that could not be loaded at start, with why. */
  problems = $state.raw<LoadFailure[]>([]);
  /** Why the map's view is not streamed (the server refused it), if it is not. */
  viewNotice = $state<string | null>(null);
  /** A place the map should bring into view (a stop picked in the search). */
  focus = $state.raw<{ lat: number; lng: number } | null>(null);

  /** The selected courier's route with arrival and SLA verdict per stop. */
  timeline = $derived.by(() => {
    const route = this.route.route;
    if (!route || route.courierId !== this.selection.courierId) return [];
    const vehicle = this.couriers.get(route.courierId)?.vehicle ?? 'bike';
    return routeTimeline(route.stops, {
      now: this.clock.now,
      origin: this.courierPosition(route.courierId),
      speedMps: VEHICLE_SPEED_MPS[vehicle],
    });
  });

  #link: ConsoleLink | null = null;
  #timers: ReturnType<typeof setInterval>[] = [];
  #stopsReload: Promise<void> | null = null;
  #untilStop: (() => void)[] = [];

  constructor(readonly user: ConsoleUser) {}

  async start(): Promise<void> {
    this.clock.start(1000);
    this.#untilStop.push(this.frames.add('update', (now) => this.fleet.flush(now)));
    this.frames.start();
    this.config = await loadConsoleConfig();
    this.fleet.tickMs = this.config.tickMs;
    const link = new ConsoleLink(this.connection, {
      onSnapshot: (snapshot, at) => {
        this.viewNotice = null;
        this.fleet.applySnapshot(snapshot, at);
      },
      onViewRefused: (error) => (this.viewNotice = error.message),
    });
    this.#link = link;
    this.#untilStop.push(wireConsoleEvents(link.socket, this));
    link.connect();
    await this.#loadAll();
    this.#timers.push(
      setInterval(() => void this.#settle(this.loadCouriers()), ROSTER_REFRESH_MS),
      setInterval(() => void this.#settle(this.loadTrail()), TRAIL_REFRESH_MS),
    );
  }

  stop(): void {
    for (const undo of this.#untilStop.splice(0)) undo();
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.frames.stop();
    this.clock.stop();
    this.#link?.dispose();
    this.#link = null;
  }

  /** The map moved: stream what it shows. */
  setView(view: ViewRequest): void {
    this.#link?.setView(view);
  }

  /** The courier's latest fix when in view, else its last known fix from REST. */
  courierPosition(courierId: number): { lat: number; lng: number } | null {
    void this.fleet.version;
    const slot = this.fleet.table.slotOf(courierId);
    if (slot !== undefined) {
      return { lat: this.fleet.table.toLat[slot]!, lng: this.fleet.table.toLng[slot]! };
    }
    return this.couriers.get(courierId)?.lastFix ?? null;
  }

  courierName(courierId: number | null): string {
    if (courierId === null) return '—';
    return (
      this.fleet.roster.get(courierId)?.name ??
      t('console.courierNumber', { id: String(courierId) })
    );
  }

  /** Picks a stop (shift: adds to the selection), highlights its pair and shows it on the map. */
  pickStop(stopId: number, additive: boolean, bringIntoView = false): void {
    this.selection.pickStop(stopId, additive);
    const stop = this.stops.get(stopId);
    if (!stop) return;
    this.selection.highlightPairOf(stop, this.stops.all);
    if (bringIntoView) this.focus = { lat: stop.lat, lng: stop.lng };
  }

  selectCourier(courierId: number | null): void {
    if (courierId === this.selection.courierId) return;
    this.selection.selectCourier(courierId);
    this.trail = [];
    void this.#settle(this.route.show(courierId));
    void this.#settle(this.loadTrail());
  }

  /** Escape: drops the selected stops, then the highlighted pair, then the courier. */
  clearSelectionStep(): void {
    if (this.selection.clearStep() !== 'courier') return;
    this.trail = [];
    void this.#settle(this.route.show(null));
  }

  async loadCouriers(): Promise<void> {
    const couriers = await api.fetchCouriers();
    this.couriers = new Map(couriers.map((c) => [c.id, c]));
    for (const c of couriers) this.versions.note(c.id, c.routeVersion);
    this.fleet.setRoster(couriers);
  }

  async loadStops(): Promise<void> {
    this.#stopsReload ??= api
      .fetchStops(CONSOLE_STOP_STATUSES)
      .then((stops) => this.stops.replaceAll(stops))
      .finally(() => (this.#stopsReload = null));
    await this.#stopsReload;
  }

  async loadTrail(): Promise<void> {
    const courierId = this.selection.courierId;
    if (courierId === null) return;
    const trail = await api.fetchTrail(courierId, 30);
    if (this.selection.courierId === courierId) this.trail = trail.points;
  }

  readonly suggestionActions: SuggestionActions = {
    accept: (id) => (this.#live ? this.#link!.acceptSuggestion(id) : api.acceptSuggestion(id)),
    reject: (id) => (this.#live ? this.#link!.rejectSuggestion(id) : api.rejectSuggestion(id)),
  };

  async acknowledgeAlert(alertId: number): Promise<void> {
    const send = (id: number): Promise<AlertView> =>
      this.#live ? this.#link!.ackAlert(id) : api.ackAlert(id);
    await this.alerts.acknowledge(alertId, send, this.user.id);
  }

  async acceptSuggestion(suggestionId: number): Promise<void> {
    const outcome = await this.suggestions.accept(suggestionId, this.suggestionActions);
    if (outcome?.state === 'applied') this.#afterMove(outcome.result);
    if (outcome?.state === 'conflict') await this.#afterConflict();
  }

  async rejectSuggestion(suggestionId: number): Promise<void> {
    await this.suggestions.reject(suggestionId, this.suggestionActions);
  }

  /** Makes a plan for a hub's unassigned stops and shows it, changing nothing yet. */
  async previewPlan(hubId: number): Promise<void> {
    await this.planning.start(hubId, { preview: api.previewPlan });
  }

  /** Applies the previewed plan; the routes' new versions are noted at once. */
  async acceptPlan(): Promise<void> {
    const outcome = await this.planning.accept({ accept: api.acceptPlan });
    if (!outcome) return;
    this.versions.noteAll(outcome.routeVersions);
    await this.#settle(this.loadStops());
  }

  /** Drops the previewed plan; nothing changes. */
  async discardPlan(): Promise<void> {
    await this.planning.discard({ discard: api.discardPlan });
  }

  /** Sends a manual reassignment; on a conflict, reloads what changed so the dispatcher can retry. */
  async submitReassign(request: ReassignRequest): Promise<ReassignOutcome | null> {
    const send = (req: ReassignRequest) =>
      this.#live ? this.#link!.reassign(req) : api.reassignStops(req);
    const outcome = await this.reassign.submit(request, send);
    if (outcome?.state === 'applied') {
      this.#afterMove(outcome.result);
      this.selection.clearStops();
    }
    if (outcome?.state === 'conflict') await this.#afterConflict();
    return outcome;
  }

  get #live(): boolean {
    return this.#link !== null && this.connection.status === 'live';
  }

  #afterMove(result: ReassignResult): void {
    this.versions.noteAll(result.routeVersions);
    void this.#settle(this.route.refresh());
  }

  async #afterConflict(): Promise<void> {
    await Promise.all([
      this.#settle(this.loadCouriers()),
      this.#settle(this.loadStops()),
      this.#settle(this.route.refresh()),
    ]);
  }

  async #loadAll(): Promise<void> {
    await Promise.all([
      this.#settle(this.loadCouriers(), 'couriers'),
      this.#settle(this.loadStops(), 'stops'),
      this.#settle(api.fetchHubs().then((hubs) => (this.hubs = hubs))),
      this.#settle(
        api.fetchAlerts('open').then((a) => this.alerts.replaceAll(a)),
        'alerts',
      ),
      this.#settle(
        api.fetchSuggestions('open').then((s) => this.suggestions.replaceAll(s)),
        'suggestions',
      ),
    ]);
  }

  /** Runs a load; a failure becomes a line in `problems` instead of an unhandled rejection. */
  async #settle(work: Promise<unknown>, what?: LoadFailure['what']): Promise<void> {
    try {
      await work;
    } catch (err) {
      if (!what) return;
      this.problems = [...this.problems, { what, reason: api.errorMessage(err) }];
    }
  }
}
