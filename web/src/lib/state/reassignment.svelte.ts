import type { ReassignRequest, ReassignResult } from '@dispatch/shared';
import { t as consoleTranslate } from '../i18n/language.svelte';
import type { Params, Translate } from '../i18n/translate';

/** The route version of each courier as the console last saw it. Versions only move forward. */
export class RouteVersions {
  readonly #byCourier = new Map<number, number>();

  note(courierId: number, version: number): void {
    const held = this.#byCourier.get(courierId);
    if (held === undefined || version > held) this.#byCourier.set(courierId, version);
  }

  noteAll(versions: Record<string, number>): void {
    for (const [id, version] of Object.entries(versions)) this.note(Number(id), version);
  }

  get(courierId: number): number | undefined {
    return this.#byCourier.get(courierId);
  }
}

/**
 * The `stop:reassign` request for moving stops to a courier, carrying the route version of every
 * courier involved (current owners and the receiver) as last seen, or why it cannot be made.
 */
export function buildReassignRequest(
  stopIds: readonly number[],
  toCourierId: number,
  ownerOf: (stopId: number) => number | null | undefined,
  versions: RouteVersions,
  t: Translate,
): ReassignRequest | { problem: string } {
  if (stopIds.length === 0) return { problem: t('planning.move.selectFirst') };
  const moving = stopIds.filter((id) => ownerOf(id) !== toCourierId);
  if (moving.length === 0) return { problem: t('planning.move.alreadyThere') };
  const routeVersions: Record<string, number> = {};
  for (const courierId of [toCourierId, ...moving.map(ownerOf)]) {
    if (courierId === null || courierId === undefined) continue;
    const version = versions.get(courierId);
    if (version === undefined)
      return { problem: t('planning.move.routeNotLoaded', { courier: String(courierId) }) };
    routeVersions[String(courierId)] = version;
  }
  return { stopIds: moving, toCourierId, routeVersions };
}

export type ReassignOutcome =
  | { state: 'applied'; result: ReassignResult }
  | { state: 'conflict'; reason: string }
  | { state: 'failed'; reason: string };

/** A manual reassignment in progress: the receiving courier, the request in flight, the answer. */
export class ReassignDraft {
  targetCourierId = $state<number | null>(null);
  pending = $state(false);
  outcome = $state.raw<ReassignOutcome | null>(null);

  async submit(
    request: ReassignRequest,
    send: (request: ReassignRequest) => Promise<ReassignResult>,
  ): Promise<ReassignOutcome | null> {
    if (this.pending) return null;
    this.pending = true;
    this.outcome = null;
    try {
      this.outcome = { state: 'applied', result: await send(request) };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
      this.outcome =
        code === 'conflict' ? { state: 'conflict', reason } : { state: 'failed', reason };
    } finally {
      this.pending = false;
    }
    return this.outcome;
  }

  reset(): void {
    this.targetCourierId = null;
    this.outcome = null;
  }
}

/** Where stops were before a move: their courier and the 1-based position the first one held. */
export interface OriginalPlace {
  courierId: number;
  position: number;
}

/**
 * The courier the stops came from and the position to put them back at (counted on that route
 * without them, as a move counts), or null when they did not all come from one courier's route.
 * `routeOf` gives a courier's open stops in visiting order.
 */
export function originalPlace(
  stopIds: readonly number[],
  ownerOf: (stopId: number) => number | null | undefined,
  routeOf: (courierId: number) => readonly number[],
): OriginalPlace | null {
  const owners = new Set(stopIds.map(ownerOf));
  const [courierId] = owners;
  if (owners.size !== 1 || courierId === null || courierId === undefined) return null;
  const moving = new Set(stopIds);
  const route = routeOf(courierId);
  const first = route.findIndex((id) => moving.has(id));
  if (first < 0) return null;
  const before = route.slice(0, first).filter((id) => !moving.has(id)).length;
  return { courierId, position: before + 1 };
}

/** A move just applied that can still be taken back. */
export interface UndoableMove {
  /** What the toast says, e.g. "Moved order A-17 to Ana". */
  label: string;
  /** The stops moved, in the order they left their route. */
  stopIds: number[];
  from: OriginalPlace;
  toCourierId: number;
}

/** The move that puts `move`'s stops back where they were, with the route versions seen now. */
export function undoRequest(
  move: UndoableMove,
  versions: RouteVersions,
  t: Translate,
): ReassignRequest | { problem: string } {
  const routeVersions: Record<string, number> = {};
  for (const courierId of [move.from.courierId, move.toCourierId]) {
    const version = versions.get(courierId);
    if (version === undefined) return { problem: t('planning.move.routesNotLoaded') };
    routeVersions[String(courierId)] = version;
  }
  return {
    stopIds: move.stopIds,
    toCourierId: move.from.courierId,
    position: move.from.position,
    routeVersions,
  };
}

/** How long a move can be taken back from its toast. */
export const UNDO_MS = 15_000;

/** What happened to an undo, as a message of the catalogue. */
interface UndoNotice {
  tone: 'ok' | 'problem';
  key: string;
  params?: Params;
}

/**
 * The undo toast after a move: offered for `UNDO_MS`, then gone. Undoing sends the inverse move
 * with the route versions as they are now, so a route changed meanwhile answers `conflict`.
 * Notices are worded when read, so they follow the console's language (`translate`).
 */
export class MoveUndo {
  offered = $state.raw<UndoableMove | null>(null);
  pending = $state(false);
  #notice = $state.raw<UndoNotice | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly translate: Translate = consoleTranslate) {}

  /** What happened to the last undo, in words (shown in place of the toast). */
  get notice(): { tone: 'ok' | 'problem'; text: string } | null {
    const notice = this.#notice;
    return notice && { tone: notice.tone, text: this.translate(notice.key, notice.params) };
  }

  offer(move: UndoableMove, ms = UNDO_MS): void {
    this.#notice = null;
    this.offered = move;
    this.#schedule(ms, () => (this.offered = null));
  }

  dismiss(): void {
    this.#clear();
    this.offered = null;
    this.#notice = null;
  }

  /** Sends the inverse move; the answer becomes the notice. */
  async undo(
    versions: RouteVersions,
    send: (request: ReassignRequest) => Promise<ReassignOutcome | null>,
  ): Promise<ReassignOutcome | null> {
    const move = this.offered;
    if (!move || this.pending) return null;
    const request = undoRequest(move, versions, this.translate);
    this.#clear();
    this.offered = null;
    if ('problem' in request) {
      this.#notify({
        tone: 'problem',
        key: 'planning.undo.failed',
        params: { reason: request.problem },
      });
      return null;
    }
    this.pending = true;
    try {
      const outcome = await send(request);
      if (outcome?.state === 'applied') this.#notify({ tone: 'ok', key: 'planning.undo.done' });
      else if (outcome?.state === 'conflict')
        this.#notify({
          tone: 'problem',
          key: 'planning.undo.conflict',
          params: { reason: outcome.reason },
        });
      else if (outcome)
        this.#notify({
          tone: 'problem',
          key: 'planning.undo.failed',
          params: { reason: outcome.reason },
        });
      return outcome;
    } finally {
      this.pending = false;
    }
  }

  #notify(notice: UndoNotice): void {
    this.#notice = notice;
    this.#schedule(6000, () => (this.#notice = null));
  }

  #schedule(ms: number, done: () => void): void {
    this.#clear();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      done();
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** "Moved order A-17 to Ana", "Moved 3 orders to Ana": what a move did, in words. */
export function movedLabel(
  orderRefs: readonly (string | null)[],
  courierName: string,
  t: Translate,
): string {
  const orders = [...new Set(orderRefs.filter((ref): ref is string => ref !== null))];
  const unnamed = orderRefs.length - orderRefs.filter((ref) => ref !== null).length;
  if (unnamed > 0)
    return t('planning.moved.stops', { count: orderRefs.length, courier: courierName });
  if (orders.length === 1)
    return t('planning.moved.order', { order: orders[0]!, courier: courierName });
  return t('planning.moved.orders', { count: orders.length, courier: courierName });
}
