import {
  VEHICLES,
  type SlaTier,
  type StopKind,
  type StopStatus,
  type Vehicle,
} from '@dispatch/shared';

/** A courier as the live services need it: who, where it belongs, what it drives, when it works. */
export interface RosterProfile {
  id: number;
  name: string;
  hubId: number | null;
  vehicle: string;
  capacity: number;
  active: boolean;
  shiftStartMinute: number;
  shiftEndMinute: number;
  /** The hub's IANA timezone, which the shift minutes are in. */
  timezone: string;
  lastPingAt: number | null;
}

/** An open stop on a courier's route, in route order. Times are epoch ms. */
export interface RosterStop {
  id: number;
  orderRef: string | null;
  courierId: number;
  hubId: number | null;
  kind: StopKind;
  status: StopStatus;
  sequence: number;
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  demand: number;
  attempts: number;
  slaTier: SlaTier;
  arrivedAt: number | null;
  /** The ETA last stored; the ETA service moves it forward as it writes new ones. */
  eta: number | null;
}

/** A stop as stored, whatever its status; `courierId` null when it is on no route. */
export type StoredStop = Omit<RosterStop, 'courierId' | 'sequence'> & {
  courierId: number | null;
  sequence: number;
};

/** One courier on the roster: its profile and its open route as last loaded. */
export interface RosterEntry {
  profile: RosterProfile;
  vehicle: Vehicle;
  /** Replaced, never edited in place, when the route changes (readers may compare identity). */
  route: RosterStop[];
}

/** Told of every change to the roster, after it is made. */
export interface RosterListener {
  /** A courier was added or its profile changed (its route is kept). */
  courierUpdated?(entry: RosterEntry): void;
  courierRemoved?(courierId: number): void;
  /** A courier's open route was replaced. */
  routeReplaced?(entry: RosterEntry): void;
}

/**
 * The active couriers with their profiles and open routes, and which courier each open stop is
 * on: what detection, ETAs and dispatch read of couriers' work. Plain in-memory data; `RosterSync`
 * keeps it in step with the database.
 */
export class CourierRoster {
  private readonly entries = new Map<number, RosterEntry>();
  private readonly stopOwner = new Map<number, number>();
  private readonly listeners: RosterListener[] = [];

  get size(): number {
    return this.entries.size;
  }

  subscribe(listener: RosterListener): void {
    this.listeners.push(listener);
  }

  get(courierId: number): RosterEntry | undefined {
    return this.entries.get(courierId);
  }

  has(courierId: number): boolean {
    return this.entries.has(courierId);
  }

  /** Every courier on the roster (read-only). */
  all(): IterableIterator<RosterEntry> {
    return this.entries.values();
  }

  /** The courier whose open route holds this stop. */
  ownerOf(stopId: number): number | undefined {
    return this.stopOwner.get(stopId);
  }

  /** An open stop on a route, as last loaded. */
  stop(stopId: number): RosterStop | undefined {
    const owner = this.stopOwner.get(stopId);
    return owner === undefined
      ? undefined
      : this.entries.get(owner)?.route.find((s) => s.id === stopId);
  }

  /** Adds a courier or replaces its profile, keeping its route. */
  upsert(profile: RosterProfile): RosterEntry {
    const route = this.entries.get(profile.id)?.route ?? [];
    const entry: RosterEntry = { profile, vehicle: asVehicle(profile.vehicle), route };
    this.entries.set(profile.id, entry);
    for (const l of this.listeners) l.courierUpdated?.(entry);
    return entry;
  }

  remove(courierId: number): void {
    if (!this.entries.delete(courierId)) return;
    for (const l of this.listeners) l.courierRemoved?.(courierId);
  }

  /** Replaces a courier's open route (ignored for a courier not on the roster). */
  setRoute(courierId: number, stops: RosterStop[]): void {
    const entry = this.entries.get(courierId);
    if (!entry) return;
    for (const old of entry.route) {
      if (this.stopOwner.get(old.id) === courierId) this.stopOwner.delete(old.id);
    }
    entry.route = stops;
    for (const s of stops) this.stopOwner.set(s.id, courierId);
    for (const l of this.listeners) l.routeReplaced?.(entry);
  }
}

function asVehicle(value: string): Vehicle {
  return (VEHICLES as readonly string[]).includes(value) ? (value as Vehicle) : 'car';
}
