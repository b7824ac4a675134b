import type { Namespace, Server, Socket } from 'socket.io';
import {
  DomainError,
  NAMESPACES,
  TRACKING_UPDATE_EVENT,
  type StopChange,
  type TrackClientToServer,
  type TrackServerToClient,
  type TrackingView,
} from '@dispatch/shared';
import type { DomainBus } from '../events/bus';
import { clientAddress, type TrustProxy } from '../http/client-address';
import { PushPacer, REAL_CLOCK, type PacerClock } from './push-pacer';
import type { TrackingGate } from './tracking-gate';
import type { PositionOf, TrackedView } from './tracking-reads';

interface TrackSocketData {
  stopId: number;
}
type TrackNamespace = Namespace<
  TrackClientToServer,
  TrackServerToClient,
  Record<string, never>,
  TrackSocketData
>;
type TrackSocket = Socket<
  TrackClientToServer,
  TrackServerToClient,
  Record<string, never>,
  TrackSocketData
>;

/** The room of one stop's tracking pages. */
export const stopRoom = (stopId: number) => `stop:${stopId}`;

/** At most one view per stop per this long, however many changes come in. */
export const PUSH_GAP_MS = 1000;
/** How often a shown courier's position is sent while it moves. */
export const POSITION_EVERY_MS = 3000;

export interface TrackGatewayDeps {
  gate: TrackingGate;
  viewOf: (stopId: number) => Promise<TrackedView | null>;
  bus: DomainBus;
  positionOf: PositionOf;
  log: { error: (o: object, msg: string) => void };
  /** Whose `X-Forwarded-For` names the page's address, as for `request.ip` (`TRUST_PROXY`). */
  trustProxy: TrustProxy;
  clock?: PacerClock;
  pushGapMs?: number;
  positionEveryMs?: number;
}

/** A watched stop: the last view sent and the courier whose route it is on. */
interface Watched {
  view: TrackingView;
  courierId: number | null;
}

/**
 * The `/track` namespace. Who: a tracking page with its link's token in `auth.token` (counted by
 * the same limiter as the REST routes); it joins its stop's room and gets the view at once, then
 * a fresh one when the stop, its ETA or its courier's route changes (paced per stop) and the
 * courier's position every few seconds while it shows. Pages send nothing: any event closes the
 * connection. When a link expires, its pages are closed on the next push.
 */
export class TrackGateway {
  private readonly nsp: TrackNamespace;
  private readonly watched = new Map<number, Watched>();
  /** Watched stops by the courier whose route carries them. */
  private readonly byCourier = new Map<number, Set<number>>();
  private readonly pacer: PushPacer;
  private readonly offs: (() => void)[];
  private readonly timer: NodeJS.Timeout;
  private readonly clock: PacerClock;

  constructor(
    io: Server,
    private readonly deps: TrackGatewayDeps,
  ) {
    this.clock = deps.clock ?? REAL_CLOCK;
    this.nsp = io.of(NAMESPACES.track) as unknown as TrackNamespace;
    this.nsp.use((socket, next) => this.authenticate(socket, next));
    this.nsp.on('connection', (socket: TrackSocket) => this.connected(socket));
    this.pacer = new PushPacer(
      (stopId) => void this.push(stopId),
      deps.pushGapMs ?? PUSH_GAP_MS,
      this.clock,
    );
    const { bus } = deps;
    this.offs = [
      bus.on('stops:changed', (changes) => this.stopsChanged(changes)),
      bus.on('etas:changed', (changes) => this.stopsChanged(changes)),
      bus.on('routes:changed', (courierIds) => {
        for (const id of courierIds) this.markCourier(id);
      }),
    ];
    this.timer = setInterval(() => this.sendPositions(), deps.positionEveryMs ?? POSITION_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const off of this.offs) off();
    this.pacer.stop();
  }

  private authenticate(socket: TrackSocket, next: (err?: Error) => void): void {
    const { token } = socket.handshake.auth as { token?: unknown };
    this.deps.gate.open(token, clientAddress(socket.request, this.deps.trustProxy)).then(
      (stopId) => {
        socket.data.stopId = stopId;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof DomainError))
          this.deps.log.error({ err }, 'checking a tracking link failed');
        const code = err instanceof DomainError ? err.code : 'unavailable';
        const message = err instanceof DomainError ? err.message : 'try again in a moment';
        // The client reads the code as the error's message, and both in `data`.
        next(Object.assign(new Error(code), { data: { code, message } }));
      },
    );
  }

  private connected(socket: TrackSocket): void {
    const { stopId } = socket.data;
    socket.onAny(() => socket.disconnect(true));
    void socket.join(stopRoom(stopId));
    socket.on('disconnect', () => {
      if (!this.nsp.adapter.rooms.has(stopRoom(stopId))) this.forget(stopId);
    });
    this.deps.viewOf(stopId).then(
      (found) => {
        if (!found || found.expired) return void socket.disconnect(true);
        this.remember(stopId, found);
        socket.emit(TRACKING_UPDATE_EVENT, found.view);
      },
      (err: unknown) => this.deps.log.error({ err, stopId }, 'could not send a tracking view'),
    );
  }

  private stopsChanged(changes: readonly StopChange[]): void {
    for (const change of changes) {
      // A page that just connected is in its room before its first view is read.
      if (this.nsp.adapter.rooms.has(stopRoom(change.id))) this.pacer.mark(change.id);
      // Another stop of the same route moved on: how many are before this one changed.
      if (change.courierId !== null) this.markCourier(change.courierId);
    }
  }

  private markCourier(courierId: number): void {
    for (const stopId of this.byCourier.get(courierId) ?? []) this.pacer.mark(stopId);
  }

  private async push(stopId: number): Promise<void> {
    const room = stopRoom(stopId);
    if (!this.nsp.adapter.rooms.has(room)) return this.forget(stopId);
    try {
      const found = await this.deps.viewOf(stopId);
      if (!found || found.expired) {
        this.nsp.in(room).disconnectSockets(true);
        return this.forget(stopId);
      }
      this.remember(stopId, found);
      this.nsp.local.to(room).emit(TRACKING_UPDATE_EVENT, found.view);
    } catch (err) {
      this.deps.log.error({ err, stopId }, 'could not push a tracking view');
    }
  }

  /** The shown couriers' positions, to the stops' rooms, when they moved (no database read). */
  private sendPositions(): void {
    for (const [stopId, watched] of this.watched) {
      const shown = watched.view.courier;
      if (!shown || watched.courierId === null) continue;
      const fix = this.deps.positionOf(watched.courierId);
      if (!fix || (fix.lat === shown.lat && fix.lng === shown.lng)) continue;
      watched.view = {
        ...watched.view,
        courier: { ...shown, lat: fix.lat, lng: fix.lng, at: fix.at },
        updatedAt: this.clock.now(),
      };
      this.nsp.local.to(stopRoom(stopId)).emit(TRACKING_UPDATE_EVENT, watched.view);
    }
  }

  private remember(stopId: number, found: TrackedView): void {
    const before = this.watched.get(stopId);
    if (before && before.courierId !== found.courierId) this.unindex(stopId, before.courierId);
    this.watched.set(stopId, { view: found.view, courierId: found.courierId });
    if (found.courierId !== null) {
      let set = this.byCourier.get(found.courierId);
      if (!set) this.byCourier.set(found.courierId, (set = new Set()));
      set.add(stopId);
    }
  }

  private forget(stopId: number): void {
    const watched = this.watched.get(stopId);
    if (watched) this.unindex(stopId, watched.courierId);
    this.watched.delete(stopId);
    this.pacer.forget(stopId);
  }

  private unindex(stopId: number, courierId: number | null): void {
    if (courierId === null) return;
    const set = this.byCourier.get(courierId);
    set?.delete(stopId);
    if (set?.size === 0) this.byCourier.delete(courierId);
  }
}
