import type { CourierStatus } from '@dispatch/shared';
import { localMinuteOfDay, type Fleet } from '../state/fleet.svelte';
import type { Feature, FeatureCollection, Point } from './geojson';

export interface CourierFeatureProps {
  id: number;
  status: CourierStatus;
  stale: boolean;
  alert: boolean;
  selected: boolean;
  /** Degrees clockwise from north; -1 when unknown. */
  heading: number;
}

/**
 * Builds the couriers' GeoJSON for one frame at their interpolated positions. Feature objects
 * are pooled and updated in place, so a frame allocates almost nothing however large the fleet.
 */
export class CourierFeatureBuilder {
  readonly #pool: Feature<Point, CourierFeatureProps>[] = [];
  readonly #lngLat: [number, number] = [0, 0];

  build(
    fleet: Fleet,
    now: number,
    alertCourierIds: ReadonlySet<number>,
    selectedId: number | null,
  ): FeatureCollection<Point, CourierFeatureProps> {
    const { table } = fleet;
    const passes = fleet.filter(localMinuteOfDay(now));
    const live = fleet.live;
    const oldest = now - fleet.staleAfterTicks * fleet.tickMs;
    let n = 0;
    for (let slot = 0; slot < table.count; slot++) {
      const id = table.ids[slot]!;
      const status = fleet.statusOfSlot(slot);
      if (!passes(id, status)) continue;
      const feature = (this.#pool[n] ??= {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [0, 0] },
        properties: { id, status, stale: false, alert: false, selected: false, heading: -1 },
      });
      n++;
      const [lng, lat] = table.lngLatAt(slot, now, this.#lngLat);
      feature.id = id;
      feature.geometry.coordinates[0] = lng;
      feature.geometry.coordinates[1] = lat;
      const props = feature.properties;
      props.id = id;
      props.status = status;
      props.stale = !live || table.fixAt[slot]! < oldest;
      props.alert = alertCourierIds.has(id);
      props.selected = id === selectedId;
      const heading = table.heading[slot]!;
      props.heading = Number.isNaN(heading) ? -1 : heading;
    }
    return { type: 'FeatureCollection', features: this.#pool.slice(0, n) };
  }
}
