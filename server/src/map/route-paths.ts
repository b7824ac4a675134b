import type { RouteLeg, RoutePath, RoutePayload, RouteStop } from '@dispatch/shared';
import { LruMap } from '../lib/lru-map';
import type { MapPoint, StreetPathFinder } from './street-path-finder';

export interface RoutePathsOptions {
  /** A courier's remaining route: open stops in sequence order (throws `not_found`). */
  route: (courierId: number) => Promise<RoutePayload>;
  /** The courier's latest position, if it has one. */
  position: (courierId: number) => MapPoint | null;
  /** Street paths on the road graph; null when the server has none (straight legs). */
  findPath: StreetPathFinder | null;
  /** Legs drawn at most, counting the one from the courier's position (default 30). */
  maxLegs?: number;
  /** Legs between stops remembered (default 5000). */
  cacheSize?: number;
}

/**
 * The next legs of a courier's remaining route, drawn along the streets when there is a road
 * graph: from the courier's position to its next stop, then stop to stop, at most `maxLegs`.
 * Legs between two stops are cached by the stops and their positions, so a new route version
 * computes only the legs it changed; the first leg follows the courier and is found each time.
 */
export class RoutePaths {
  private readonly maxLegs: number;
  private readonly legs: LruMap<string, RouteLeg>;

  constructor(private readonly options: RoutePathsOptions) {
    this.maxLegs = options.maxLegs ?? 30;
    if (!Number.isInteger(this.maxLegs) || this.maxLegs < 1) {
      throw new RangeError('maxLegs must be a positive integer');
    }
    this.legs = new LruMap(options.cacheSize ?? 5000);
  }

  /** Whether legs follow the streets (a road graph is loaded) or are straight. */
  get shape(): RoutePath['shape'] {
    return this.options.findPath ? 'streets' : 'straight';
  }

  async pathOf(courierId: number): Promise<RoutePath> {
    const route = await this.options.route(courierId);
    const stops = [...route.stops].sort((a, b) => a.seq - b.seq);
    const position = this.options.position(courierId);
    // Without a position the first stop only starts the first leg.
    const shown = stops.slice(0, position ? this.maxLegs : this.maxLegs + 1);
    const legs: RouteLeg[] = [];
    if (position && shown.length > 0) legs.push(this.leg(position, null, shown[0]!));
    for (let i = 1; i < shown.length; i++) legs.push(this.stopLeg(shown[i - 1]!, shown[i]!));
    return {
      courierId,
      version: route.version,
      shape: this.shape,
      legs,
      stopsLeftOut: stops.length - shown.length,
    };
  }

  private stopLeg(from: RouteStop, to: RouteStop): RouteLeg {
    const key = `${from.id}@${from.lat},${from.lng}>${to.id}@${to.lat},${to.lng}`;
    let leg = this.legs.get(key);
    if (!leg) {
      leg = this.leg(from, from.id, to);
      this.legs.set(key, leg);
    }
    return leg;
  }

  private leg(from: MapPoint, fromStopId: number | null, to: RouteStop): RouteLeg {
    const street = this.options.findPath?.(from, to) ?? null;
    return {
      fromStopId,
      toStopId: to.id,
      shape: street ? 'streets' : 'straight',
      geometry: {
        type: 'LineString',
        coordinates: street ?? [
          [from.lng, from.lat],
          [to.lng, to.lat],
        ],
      },
    };
  }
}
