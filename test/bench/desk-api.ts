import { createHash } from 'node:crypto';
import {
  OPEN_STOP_STATUSES,
  type AlertList,
  type CourierList,
  type HubList,
  type KpiSnapshot,
  type Stop,
  type StopList,
  type SuggestionList,
  type SuggestionView,
} from '@dispatch/shared';
import { en } from '../../web/src/lib/i18n/messages/en';
import { translator } from '../../web/src/lib/i18n/translate';
import { groupProblems } from '../../web/src/lib/problems/group-problems';
import { DEFAULT_PROBLEM_FILTER, filterProblems } from '../../web/src/lib/problems/problem-filter';
import type { ProblemContext, ProblemStop } from '../../web/src/lib/problems/problem-types';
import { isStaleSuggestion, placeSuggestions } from '../../web/src/lib/problems/suggestion-match';
import { login } from './couriers-api';
import type { World } from './desk-world';

/** What the server says about one world at one moment, grouped as the problems panel groups. */
export interface ServerFigures {
  openAlerts: number;
  openAlertsNonInfo: number;
  /** Problem groups, every severity. */
  groups: number;
  /** Groups the panel shows with its default filter (info hidden). */
  groupsShown: number;
  /** Of those, groups with at least one suggestion still open and not stale. */
  groupsShownWithFix: number;
  openSuggestions: number;
  /** Open on the server, but a stop is done or has moved: the console hides them. */
  staleSuggestions: number;
  /**
   * Live suggestions computed against a route version one of their couriers has moved on from:
   * shown with an Accept button, but accepting can only end in a conflict.
   */
  outdatedSuggestions: number;
  /** Shown groups whose best fix (the one the row offers) is outdated. */
  groupsShownBestFixOutdated: number;
  /** Live suggestions the panel cannot place under any problem ("Other suggestions"). */
  unplacedSuggestions: number;
  delivered: number;
  deliveredOnTime: number;
  /** Delivered after the window, plus open stops whose window has ended. */
  lateSoFar: number;
  atRisk: number;
  /** Stops in the world that are still open. */
  openStops: number;
}

const OPEN = new Set<string>(OPEN_STOP_STATUSES);
const PAGE = 5000;

/** A world's REST API, signed in as its demo dispatcher (and supervisor, for the KPIs). */
export class DeskApi {
  /** Every suggestion seen open, by id (to explain an accept's outcome afterwards). */
  readonly suggestionsSeen = new Map<number, SuggestionView>();

  private constructor(
    private readonly url: string,
    private readonly dispatcher: string,
    private readonly supervisor: string,
  ) {}

  static async signIn(world: World): Promise<DeskApi> {
    const dispatcher = await login(world.url, world.credentials.dispatcher);
    // The KPI route refuses dispatchers: their on-time figures are read as the supervisor.
    const supervisor = await login(world.url, world.credentials.supervisor);
    return new DeskApi(world.url, dispatcher, supervisor);
  }

  private async get<T>(path: string, cookie = this.dispatcher): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      headers: { cookie },
      signal: AbortSignal.timeout(20_000),
    });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async stops(): Promise<Stop[]> {
    const all: Stop[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { stops } = await this.get<StopList>(`/api/v1/stops?limit=${PAGE}&offset=${offset}`);
      all.push(...stops);
      if (stops.length < PAGE) return all;
    }
  }

  /** Reads alerts, suggestions, stops, couriers and KPIs, and groups them as the panel does. */
  async figures(now = Date.now()): Promise<ServerFigures> {
    const [alertList, suggestionList, stops, courierList, hubList, kpi] = await Promise.all([
      this.get<AlertList>('/api/v1/alerts?status=open&limit=1000'),
      this.get<SuggestionList>('/api/v1/suggestions?status=open'),
      this.stops(),
      this.get<CourierList>('/api/v1/couriers'),
      this.get<HubList>('/api/v1/hubs'),
      this.get<KpiSnapshot>('/api/v1/kpi', this.supervisor),
    ]);
    const { alerts } = alertList;
    if (alerts.length >= 1000) throw new Error('1000 open alerts or more: the list is cut');
    const ctx = problemContext(now, stops, courierList, hubList);
    const problems = groupProblems(alerts, ctx);
    const { shown } = filterProblems(problems, DEFAULT_PROBLEM_FILTER);
    const open = suggestionList.suggestions;
    const live = open.filter((s) => !isStaleSuggestion(s, ctx.stop));
    const placement = placeSuggestions(problems, live);
    for (const suggestion of open) this.suggestionsSeen.set(suggestion.id, suggestion);
    const outdated = outdatedBy(courierList);
    const bestOutdated = shown.filter((p) => {
      const best = placement.byProblem.get(p.key)?.[0];
      return best !== undefined && outdated(best);
    });
    const hubs = kpi.hubs;
    const sum = (pick: (h: KpiSnapshot['hubs'][number]) => number) =>
      hubs.reduce((total, h) => total + pick(h), 0);
    const delivered = sum((h) => h.delivered);
    const deliveredOnTime = sum((h) => h.onTime);
    return {
      openAlerts: alerts.length,
      openAlertsNonInfo: alerts.filter((a) => a.severity !== 'info').length,
      groups: problems.length,
      groupsShown: shown.length,
      groupsShownWithFix: shown.filter((p) => placement.byProblem.has(p.key)).length,
      openSuggestions: open.length,
      staleSuggestions: open.length - live.length,
      outdatedSuggestions: live.filter(outdated).length,
      groupsShownBestFixOutdated: bestOutdated.length,
      unplacedSuggestions: placement.unplaced.length,
      delivered,
      deliveredOnTime,
      lateSoFar: delivered - deliveredOnTime + sum((h) => h.late),
      atRisk: sum((h) => h.atRisk),
      openStops: sum((h) => h.open),
    };
  }

  /** Suggestions in every state, newest first (the server returns the newest 200). */
  async recentSuggestions(): Promise<SuggestionView[]> {
    return (await this.get<SuggestionList>('/api/v1/suggestions?status=all')).suggestions;
  }

  /**
   * Digests of the day's stops (place, kind, window relative to the earliest window start) and
   * of the plan (each stop's courier and place in its route): equal digests, equal worlds.
   */
  async startDigests(): Promise<{ stops: string; plan: string }> {
    const all = await this.stops();
    const origin = Math.min(...all.map((s) => s.windowStart));
    const digest = (rows: string[]) =>
      createHash('sha256').update(rows.sort().join('\n')).digest('hex').slice(0, 12);
    return {
      stops: digest(all.map((s) => `${s.id}:${s.kind}:${s.lat}:${s.lng}:${s.windowEnd - origin}`)),
      plan: digest(all.map((s) => `${s.id}:${s.courierId ?? '-'}:${s.sequence ?? '-'}`)),
    };
  }
}

/**
 * Whether a suggestion was computed against a route that has since moved on (a courier's route
 * version is bumped by every move; delivering does not bump it).
 */
function outdatedBy({ couriers }: CourierList): (s: SuggestionView) => boolean {
  const version = new Map(couriers.map((c) => [c.id, c.routeVersion]));
  const moved = (id: number | null, at: number | null) =>
    id !== null && at !== null && version.get(id) !== at;
  return (s) =>
    moved(s.fromCourierId, s.fromRouteVersion) || moved(s.toCourierId, s.toRouteVersion);
}

/** The context the console builds from its session, built from REST answers instead. */
function problemContext(
  now: number,
  stops: readonly Stop[],
  { couriers }: CourierList,
  { hubs }: HubList,
): ProblemContext {
  const byId = new Map<number, ProblemStop>(stops.map((s) => [s.id, s]));
  const openByCourier = new Map<number, ProblemStop[]>();
  for (const stop of stops) {
    if (stop.courierId === null || !OPEN.has(stop.status)) continue;
    openByCourier.set(stop.courierId, [...(openByCourier.get(stop.courierId) ?? []), stop]);
  }
  const courier = new Map(couriers.map((c) => [c.id, c]));
  return {
    now,
    stop: (id) => byId.get(id),
    openStopsOf: (id) => openByCourier.get(id) ?? [],
    courierName: (id) => courier.get(id)?.name ?? `Courier ${id}`,
    hubName: (id) => hubs.find((h) => h.id === id)?.name ?? 'Unknown hub',
    courierHub: (id) => courier.get(id)?.hubId ?? null,
    t: translator('en', en, en),
  };
}
