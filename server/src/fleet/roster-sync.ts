import type { StopChange } from '@dispatch/shared';
import type { DomainBus } from '../events/bus';
import type { CourierRoster, RosterEntry, RosterProfile, RosterStop } from './courier-roster';

/** Where the roster is read from (the couriers and stops tables). */
export interface RosterSource {
  /** Profiles of the given couriers, or of all of them. */
  profiles(ids?: readonly number[]): Promise<RosterProfile[]>;
  /** Open stops per courier in route order; every id asked for has an entry, empty or not. */
  openRoutes(courierIds?: readonly number[]): Promise<Map<number, RosterStop[]>>;
}

type Log = { error: (o: object, msg: string) => void };

/**
 * Keeps the roster in step with the database: loads every active courier and its open route on
 * start, then reloads a courier's profile when it changes and a route when stops move on, off or
 * along it.
 */
export class RosterSync {
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly roster: CourierRoster,
    private readonly source: RosterSource,
    private readonly bus: DomainBus,
    private readonly log: Log,
  ) {}

  /** Loads the roster, then follows changes. */
  async start(): Promise<void> {
    for (const profile of await this.source.profiles()) {
      if (profile.active) this.roster.upsert(profile);
    }
    for (const [courierId, stops] of await this.source.openRoutes()) {
      this.roster.setRoute(courierId, stops);
    }
    this.unsubscribe.push(
      this.bus.on('routes:changed', (ids) => void this.reloadRoutes(ids)),
      this.bus.on('stops:changed', (changes) => this.onStopsChanged(changes)),
      this.bus.on('courier:changed', (courier) => void this.onCourierChanged(courier)),
    );
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /**
   * Makes sure the given active couriers are on the roster with their current profiles (one
   * created or changed a moment ago may still be loading) and open routes; returns them.
   */
  async ensureLoaded(courierIds: readonly number[]): Promise<RosterEntry[]> {
    const missing = courierIds.filter((id) => !this.roster.has(id));
    // Profiles are read again: a shift changed a moment ago may not have been loaded yet.
    for (const profile of await this.source.profiles(courierIds)) {
      if (profile.active) this.roster.upsert(profile);
    }
    await this.reloadRoutes(missing.filter((id) => this.roster.has(id)));
    return courierIds.flatMap((id) => this.roster.get(id) ?? []);
  }

  private async reloadRoutes(courierIds: readonly number[]): Promise<void> {
    try {
      const routes = await this.source.openRoutes(courierIds);
      for (const [courierId, stops] of routes) this.roster.setRoute(courierId, stops);
    } catch (err) {
      this.log.error({ err, courierIds }, 'reloading routes failed');
    }
  }

  private onStopsChanged(changes: readonly StopChange[]): void {
    const touched = new Set<number>();
    for (const change of changes) {
      const owner = this.roster.ownerOf(change.id);
      if (owner !== undefined) touched.add(owner);
      if (change.courierId !== null) touched.add(change.courierId);
    }
    if (touched.size > 0) void this.reloadRoutes([...touched]);
  }

  private async onCourierChanged(courier: { id: number; active: boolean }): Promise<void> {
    if (!courier.active) return this.roster.remove(courier.id);
    try {
      const [profile] = await this.source.profiles([courier.id]);
      if (profile) this.roster.upsert(profile);
    } catch (err) {
      this.log.error({ err, courierId: courier.id }, 'loading a courier for the roster failed');
    }
  }
}
