import * as maplibregl from 'maplibre-gl';
import { t as consoleTranslate } from '../i18n/language.svelte';
import type { Translate } from '../i18n/translate';

/** A stop cluster as the clustered source reports it. */
interface ClusterProps {
  cluster_id: number;
  point_count: number;
  late?: number;
  atRisk?: number;
}

function isCluster(
  props: Record<string, unknown> | null | undefined,
): props is ClusterProps & Record<string, unknown> {
  return typeof props?.cluster_id === 'number' && typeof props.point_count === 'number';
}

/** Words for a cluster, for screen readers and the tooltip: "12 stops, 2 late, 1 at risk". */
export function clusterLabel(count: number, late: number, atRisk: number, t: Translate): string {
  const parts = [t('fleet.cluster.stops', { count })];
  if (late > 0) parts.push(t('fleet.lateCount', { count: late }));
  if (atRisk > 0) parts.push(t('fleet.atRiskCount', { count: atRisk }));
  return parts.join(', ');
}

/**
 * The number of stops on each stop cluster, as HTML markers (the offline style has no glyphs).
 * Rebuilt from the clustered source's rendered features after the map settles or the stops
 * change; markers then move with the map on their own. They let clicks through to the cluster.
 * Their titles are in the console's language (`translate`) as of the last rebuild.
 */
export class ClusterCounts {
  readonly #markers = new Map<number, { marker: maplibregl.Marker; element: HTMLDivElement }>();

  constructor(
    private readonly map: maplibregl.Map,
    private readonly sourceId: string,
    private readonly translate: Translate = consoleTranslate,
  ) {}

  update(): void {
    const seen = new Set<number>();
    for (const feature of this.map.querySourceFeatures(this.sourceId)) {
      const props = feature.properties as Record<string, unknown> | null;
      if (!isCluster(props) || feature.geometry.type !== 'Point') continue;
      const id = props.cluster_id;
      if (seen.has(id)) continue;
      seen.add(id);
      const [lng, lat] = feature.geometry.coordinates as [number, number];
      let held = this.#markers.get(id);
      if (!held) {
        const element = document.createElement('div');
        element.className = 'cluster-count';
        element.dataset.testid = 'cluster-count';
        const marker = new maplibregl.Marker({ element }).setLngLat([lng, lat]).addTo(this.map);
        held = { marker, element };
        this.#markers.set(id, held);
      }
      held.marker.setLngLat([lng, lat]);
      held.element.textContent = String(props.point_count);
      held.element.title = clusterLabel(
        props.point_count,
        props.late ?? 0,
        props.atRisk ?? 0,
        this.translate,
      );
      held.element.dataset.count = String(props.point_count);
    }
    for (const [id, held] of this.#markers) {
      if (seen.has(id)) continue;
      held.marker.remove();
      this.#markers.delete(id);
    }
  }

  clear(): void {
    for (const held of this.#markers.values()) held.marker.remove();
    this.#markers.clear();
  }
}
