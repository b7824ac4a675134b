import type { CourierStatus, DeviceProfile, RoutePayload, RouteStop } from '@dispatch/shared';
import { ApiError } from '../api';
import { ackChannel, createCourierSocket, refusalCode, type CourierSocket } from './courier-socket';
import {
  dayStops,
  finishedHere,
  routeNotices,
  type DayStop,
  type LocalVisit,
  type RouteNotice,
} from './day-stops';
import { fetchProfile, uploadPhoto } from './device-api';
import { forgetSession, signOut, type DeviceSession } from './device-session';
import type { DriverStore } from './driver-store';
import {
  newActionId,
  summarize,
  type NewOutboxEntry,
  type OutboxSummary,
  type UploadEntry,
  type Verdict,
  type VisitEntry,
  type VisitEvent,
} from './outbox-plan';
import { OutboxSender } from './outbox-sender';
import type { Fix } from './ping-thinning';
import { PositionRecorder } from './position-recorder';
import { ScreenWakeLock } from './screen-wake-lock';
import { deliveryReport, failureReport, type DeliveryDraft, type FailureDraft } from './visit-form';

/** The shift as the courier sets it: off, working, or on a break. */
export type Shift = Extract<CourierStatus, 'offline' | 'idle' | 'on_break'>;
export type LinkState = 'online' | 'connecting' | 'offline';
/** A route change on screen until the courier dismisses it. */
export type Notice = RouteNotice & { key: number };
type NewUpload = Omit<UploadEntry, 'id'>;

const EMPTY_SUMMARY: OutboxSummary = {
  pings: 0,
  uploads: 0,
  visits: 0,
  statuses: 0,
  waitingStopIds: new Set(),
};

/** The shift a courier is in when the phone has not recorded one: the server's status. */
function shiftOf(status: CourierStatus | undefined): Shift {
  if (status === 'on_break') return 'on_break';
  return status === undefined || status === 'offline' ? 'offline' : 'idle';
}

/**
 * The courier app's state and actions: the paired courier's profile and route, the visits
 * recorded here, the outbox and the connection. Everything the courier does is stored first and
 * sent by the outbox, so it works the same with or without a connection.
 */
export class DriverApp {
  profile = $state.raw<DeviceProfile | null>(null);
  route = $state.raw<RoutePayload | null>(null);
  /** When the route on screen was received, epoch ms. */
  routeAt = $state<number | null>(null);
  visits = $state.raw<ReadonlyMap<number, LocalVisit>>(new Map());
  outbox = $state.raw<OutboxSummary>(EMPTY_SUMMARY);
  link = $state<LinkState>('connecting');
  shift = $state<Shift>('offline');
  notices = $state.raw<Notice[]>([]);
  gps = $state<'denied' | 'unavailable' | null>(null);
  /** The phone's latest position, for the map. */
  position = $state.raw<Fix | null>(null);
  /** The server refused this phone's token; it must be paired again. */
  signedOut = $state(false);
  /** A local problem worth showing (storage refused). */
  problem = $state<string | null>(null);
  readonly screenLock = new ScreenWakeLock();

  readonly day = $derived(dayStops(this.route, this.visits));

  #socket: CourierSocket;
  #sender: OutboxSender;
  #recorder: PositionRecorder;
  #noticeKey = 0;
  #closed = false;

  constructor(
    readonly session: DeviceSession,
    private readonly store: DriverStore,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  ) {
    this.#socket = createCourierSocket(session.token);
    this.#sender = new OutboxSender({
      store,
      socket: ackChannel(this.#socket),
      upload: (stopId, kind, image) => uploadPhoto(session.token, stopId, kind, image),
      visitAfter: (entry, verdict) => this.#visitAfter(entry, verdict),
      unauthorized: (message) => this.#signOut(message),
      changed: () => void this.#refreshOutbox(),
      report: (problem) => console.warn(problem),
    });
    this.#recorder = new PositionRecorder({
      queue: (ping) => store.addPing(ping),
      seen: (fix) => (this.position = fix),
      kept: () => {
        void this.#refreshOutbox();
        this.#sender.kick();
      },
      failed: (err) => (this.problem = err instanceof Error ? err.message : String(err)),
      trouble: (kind) => (this.gps = kind),
    });
  }

  /** Shows what the phone remembers, then connects and follows the shift. */
  async start(): Promise<void> {
    const [route, routeAt, profile, shift, visits] = await Promise.all([
      this.store.get('route'),
      this.store.get('routeAt'),
      this.store.get('profile'),
      this.store.get('shift'),
      this.store.visits(Date.now()),
    ]);
    if (route?.courierId === this.session.courierId) {
      this.route = route;
      this.routeAt = routeAt ?? null;
    }
    this.profile = profile ?? null;
    this.visits = new Map(visits.map((v) => [v.stopId, v]));
    this.shift = shift ? shiftOf(shift) : shiftOf(profile?.courier.status);
    await this.#refreshOutbox();
    this.#wireSocket();
    if (this.shift !== 'offline') this.#follow(true);
    if (navigator.onLine) this.#socket.connect();
    else this.link = 'offline';
  }

  close(): void {
    this.#closed = true;
    this.#sender.close();
    this.#recorder.stop();
    this.screenLock.disable();
    this.#socket.disconnect();
    window.removeEventListener('online', this.#online);
    window.removeEventListener('offline', this.#offline);
  }

  async setShift(shift: Shift): Promise<void> {
    this.shift = shift;
    this.#follow(shift !== 'offline');
    await this.store.set('shift', shift);
    await this.#queue([{ kind: 'status', status: shift }]);
  }

  /** The courier sets off to a stop (opening the maps app): the stop is on the way. */
  async setOff({ stop, status }: DayStop): Promise<void> {
    if (status !== 'assigned') return;
    await this.#recordVisit(stop, 'stop:en_route', [], (actionId) => ({
      stopId: stop.id,
      t: Date.now(),
      actionId,
    }));
  }

  async arrive(stop: RouteStop): Promise<void> {
    await this.#recordVisit(stop, 'stop:arrived', [], (actionId) => ({
      stopId: stop.id,
      t: Date.now(),
      actionId,
    }));
  }

  async deliver(
    stop: RouteStop,
    draft: DeliveryDraft,
    photos: Blob[],
    signature: Blob | null,
  ): Promise<void> {
    const uploads = [
      ...photos.map((blob) => this.#upload(stop.id, 'photo', blob)),
      ...(signature ? [this.#upload(stop.id, 'signature', signature)] : []),
    ];
    await this.#recordVisit(stop, 'stop:delivered', uploads, (actionId) =>
      deliveryReport(stop.id, draft, actionId, Date.now()),
    );
  }

  async fail(stop: RouteStop, draft: FailureDraft, photos: Blob[]): Promise<void> {
    const uploads = photos.map((blob) => this.#upload(stop.id, 'photo', blob));
    await this.#recordVisit(stop, 'stop:failed', uploads, (actionId) =>
      failureReport(stop.id, draft, actionId, Date.now()),
    );
  }

  /** The courier hands a parcel brought back in at the hub. */
  async checkIn({ stop, status }: DayStop): Promise<void> {
    if (status !== 'returning') return;
    await this.#recordVisit(stop, 'stop:returned', [], (actionId) => ({
      stopId: stop.id,
      t: Date.now(),
      actionId,
    }));
  }

  dismiss(key: number): void {
    this.notices = this.notices.filter((n) => n.key !== key);
  }

  /** Forgets the token on the courier's request. */
  unpair(): void {
    forgetSession(this.storage);
    this.signedOut = true;
    this.close();
  }

  #upload(stopId: number, photoKind: NewUpload['photoKind'], blob: Blob): NewUpload {
    return { kind: 'upload', ref: newActionId(), stopId, photoKind, blob };
  }

  async #recordVisit(
    stop: RouteStop,
    event: VisitEvent,
    uploads: NewUpload[],
    report: (actionId: string) => VisitEntry['report'],
  ): Promise<void> {
    const actionId = newActionId();
    const entry: NewOutboxEntry = {
      kind: 'visit',
      event,
      report: report(actionId),
      photoRefs: uploads.filter((u) => u.photoKind === 'photo').map((u) => u.ref),
      signatureRef: uploads.find((u) => u.photoKind === 'signature')?.ref ?? null,
    };
    // A copy: what is stored must be plain data, never a component's reactive proxy.
    const visit: LocalVisit = {
      stopId: stop.id,
      event,
      actionId,
      at: Date.now(),
      state: 'waiting',
      stop: { ...stop },
    };
    await this.store.record([...uploads, entry], visit);
    this.visits = new Map(this.visits).set(stop.id, visit);
    await this.#refreshOutbox();
    this.#sender.kick();
  }

  async #queue(entries: NewOutboxEntry[]): Promise<void> {
    await this.store.add(entries);
    await this.#refreshOutbox();
    this.#sender.kick();
  }

  #visitAfter(entry: VisitEntry, verdict: Exclude<Verdict, { kind: 'retry' }>): LocalVisit | null {
    const current = this.visits.get(entry.report.stopId);
    // A later visit to the same stop decides how it looks now.
    if (!current || current.actionId !== entry.report.actionId) return null;
    const next: LocalVisit =
      verdict.kind === 'done'
        ? { ...current, state: 'sent', ackedRouteVersion: this.route?.version ?? 0 }
        : { ...current, state: 'refused', error: verdict.error };
    this.visits = new Map(this.visits).set(next.stopId, next);
    return next;
  }

  async #refreshOutbox(): Promise<void> {
    if (this.#closed) return;
    this.outbox = summarize(await this.store.entries());
  }

  #follow(on: boolean): void {
    if (on) {
      this.#recorder.start();
      this.screenLock.enable();
    } else {
      this.#recorder.stop();
      this.screenLock.disable();
    }
  }

  readonly #online = () => {
    if (!this.#socket.connected) this.#socket.connect();
  };

  readonly #offline = () => {
    // A dead network may leave the socket looking open for a while; start over when it is back.
    this.#socket.disconnect();
    this.link = 'offline';
  };

  #wireSocket(): void {
    const socket = this.#socket;
    window.addEventListener('online', this.#online);
    window.addEventListener('offline', this.#offline);
    socket.on('connect', () => {
      this.link = 'online';
      this.#sender.resume();
      void this.#loadProfile();
    });
    socket.on('disconnect', (reason) => {
      this.link = navigator.onLine ? 'connecting' : 'offline';
      // The server closed it (a new token elsewhere?): dial again; a refusal signs the phone out.
      if (reason === 'io server disconnect' && !this.#closed) socket.connect();
    });
    socket.on('connect_error', (err) => {
      if (refusalCode(err) === 'unauthorized') return this.#signOut(err.message);
      this.link = navigator.onLine ? 'connecting' : 'offline';
      // A refused handshake is not retried by socket.io itself.
      if (!socket.active && !this.#closed) setTimeout(() => this.#online(), 5000);
    });
    socket.on('route:updated', (route) => void this.#applyRoute(route));
  }

  async #applyRoute(route: RoutePayload): Promise<void> {
    if (route.courierId !== this.session.courierId) return;
    const added = routeNotices(this.route, route, finishedHere(this.visits));
    this.route = route;
    this.routeAt = Date.now();
    if (added.length > 0) {
      // Newer instructions for a stop replace the notice of the older ones.
      const renewed = new Set(added.flatMap((n) => (n.kind === 'instructions' ? [n.stopId] : [])));
      this.notices = [
        ...this.notices.filter((n) => n.kind !== 'instructions' || !renewed.has(n.stopId)),
        ...added.map((n) => ({ ...n, key: ++this.#noticeKey })),
      ];
    }
    await Promise.all([this.store.set('route', route), this.store.set('routeAt', this.routeAt)]);
  }

  async #loadProfile(): Promise<void> {
    try {
      const profile = await fetchProfile(this.session.token);
      this.profile = profile;
      await this.store.set('profile', profile);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthorized') this.#signOut(err.message);
      // Otherwise the remembered profile will do until the next connection.
    }
  }

  #signOut(reason: string): void {
    if (this.signedOut) return;
    signOut(this.storage, this.session.token, reason);
    this.signedOut = true;
    this.close();
  }
}
