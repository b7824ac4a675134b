import type { ReassignRequest, Stop } from '@dispatch/shared';
import { t as consoleTranslate } from '../i18n/language.svelte';
import type { Translate } from '../i18n/translate';
import {
  MoveUndo,
  buildReassignRequest,
  type ReassignDraft,
  type ReassignOutcome,
  type RouteVersions,
} from '../state/reassignment.svelte';
import { sendUndoableMove } from '../state/undoable-move';

const ON_ROUTE: ReadonlySet<string> = new Set(['assigned', 'en_route', 'arrived']);

/** What the console's moves read and send through (the console session has all of it). */
export interface MoveSession {
  readonly stops: { get(id: number): Stop | undefined; readonly all: readonly Stop[] };
  /** The selected courier's route as loaded, which may know stops the stop board does not. */
  readonly route: {
    readonly route: { courierId: number; stops: readonly { id: number }[] } | null;
  };
  readonly versions: RouteVersions;
  /** The manual reassignment in progress: its outcome is what the move panel shows. */
  readonly reassign: ReassignDraft;
  courierName(courierId: number | null): string;
  submitReassign(request: ReassignRequest): Promise<ReassignOutcome | null>;
}

/**
 * Moves made on the console page (the move panel, a stop dragged on the map) and their one undo
 * toast: each move is sent with the route versions seen, so a route changed meanwhile answers
 * `conflict` and nothing moves.
 */
export class ConsoleMoves {
  readonly undo: MoveUndo;

  constructor(
    private readonly session: MoveSession,
    private readonly t: Translate = consoleTranslate,
  ) {
    this.undo = new MoveUndo(t);
  }

  /** The courier a stop is on, from the stop board or else the selected route. */
  ownerOf(stopId: number): number | null | undefined {
    const route = this.session.route.route;
    const fromRoute = route?.stops.some((s) => s.id === stopId) ? route.courierId : undefined;
    return this.session.stops.get(stopId)?.courierId ?? fromRoute;
  }

  /** A courier's open stops in visiting order, as the console knows them. */
  routeOf(courierId: number): number[] {
    return this.session.stops.all
      .filter((s) => s.courierId === courierId && ON_ROUTE.has(s.status))
      .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))
      .map((s) => s.id);
  }

  /**
   * Moves stops to a courier (at a 1-based place, else appended) and offers the undo. A move
   * that cannot be asked for (a route not loaded yet) is answered as failed, like a refused one.
   */
  async move(
    stopIds: readonly number[],
    toCourierId: number,
    position?: number,
  ): Promise<ReassignOutcome | null> {
    const built = buildReassignRequest(
      stopIds,
      toCourierId,
      (id) => this.ownerOf(id),
      this.session.versions,
      this.t,
    );
    if ('problem' in built) {
      const refused: ReassignOutcome = { state: 'failed', reason: built.problem };
      this.session.reassign.outcome = refused;
      return refused;
    }
    const request = position === undefined ? built : { ...built, position };
    const outcome = await sendUndoableMove(
      request,
      {
        ownerOf: (id) => this.ownerOf(id),
        routeOf: (id) => this.routeOf(id),
        orderRefOf: (id) => this.session.stops.get(id)?.orderRef ?? null,
        nameOf: (id) => this.session.courierName(id),
        t: this.t,
        send: (r) => this.session.submitReassign(r),
      },
      this.undo,
    );
    if (outcome?.state === 'applied') this.session.reassign.reset();
    return outcome;
  }

  /** Takes the last move back, if its toast is still up. */
  async undoLast(): Promise<ReassignOutcome | null> {
    return this.undo.undo(this.session.versions, async (request) => {
      const outcome = await this.session.submitReassign(request);
      this.session.reassign.reset();
      return outcome;
    });
  }
}
