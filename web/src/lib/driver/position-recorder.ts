import type { Ping } from '@dispatch/shared';
import { dueAt, nextSeq, pingOf, shouldKeep, type Fix } from './ping-thinning';

export interface PositionRecorderDeps {
  /** Numbers and queues a kept fix (see `DriverStore.addPing`). */
  queue: (ping: (lastSeq: number) => Ping) => Promise<Ping>;
  /** Every fix the GPS gives, kept or not (for the map). */
  seen: (fix: Fix) => void;
  /** A fix was kept and queued. */
  kept: (fix: Fix) => void;
  /** A kept fix could not be stored. */
  failed: (err: unknown) => void;
  /** The phone cannot give positions: permission denied, or no fix for a long time. */
  trouble: (kind: 'denied' | 'unavailable' | null) => void;
  now?: () => number;
}

interface BatteryManagerLike {
  level: number;
}

/**
 * Follows the phone's position while the courier is on shift: every fix from the GPS, thinned
 * to about one every 5 s while moving and one every 30 s standing still, numbered and queued.
 * A fix that came too soon is kept when it is due unless a newer one arrives first, so the last
 * position before the GPS goes quiet (many phones report only on change) still reaches the server.
 */
export class PositionRecorder {
  #watchId: number | null = null;
  #lastKept: Fix | null = null;
  #pendingTimer: ReturnType<typeof setTimeout> | null = null;
  #battery: BatteryManagerLike | null = null;
  #writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PositionRecorderDeps) {}

  get lastKept(): Fix | null {
    return this.#lastKept;
  }

  start(): void {
    if (this.#watchId !== null || typeof navigator === 'undefined' || !navigator.geolocation)
      return;
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManagerLike> };
    nav.getBattery?.().then(
      (b) => (this.#battery = b),
      () => {},
    );
    this.#watchId = navigator.geolocation.watchPosition(
      (position) => {
        const fix = fixOf(position);
        this.deps.trouble(null);
        this.deps.seen(fix);
        this.offer(fix);
      },
      (error) =>
        this.deps.trouble(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, maximumAge: 0, timeout: 60_000 },
    );
  }

  stop(): void {
    if (this.#watchId !== null) navigator.geolocation.clearWatch(this.#watchId);
    this.#watchId = null;
    this.#clearPending();
  }

  /** A new fix from the GPS: kept now, or when it is due unless a newer one comes first. */
  offer(fix: Fix): void {
    this.#clearPending();
    const last = this.#lastKept;
    if (shouldKeep(last, fix)) return this.#keep(fix);
    if (!last || fix.t <= last.t) return;
    const now = this.deps.now ?? Date.now;
    this.#pendingTimer = setTimeout(
      () => {
        this.#pendingTimer = null;
        this.#keep(fix);
      },
      Math.max(0, dueAt(last, fix) - now()),
    );
  }

  #keep(fix: Fix): void {
    this.#lastKept = fix;
    const now = this.deps.now ?? Date.now;
    const battery = this.#battery?.level ?? null;
    this.#writing = this.#writing
      .then(() => this.deps.queue((lastSeq) => pingOf(fix, nextSeq(lastSeq, now()), battery)))
      .then(() => this.deps.kept(fix))
      .catch((err: unknown) => this.deps.failed(err));
  }

  #clearPending(): void {
    if (this.#pendingTimer) clearTimeout(this.#pendingTimer);
    this.#pendingTimer = null;
  }
}

function fixOf(position: GeolocationPosition): Fix {
  const c = position.coords;
  return {
    t: position.timestamp,
    lat: c.latitude,
    lng: c.longitude,
    accuracyMeters: c.accuracy,
    speedMps: c.speed,
    headingDegrees: c.heading,
  };
}
