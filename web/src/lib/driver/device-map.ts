import type {
  LayerSpecification,
  RequestTransformFunction,
  SourceSpecification,
} from 'maplibre-gl';
import type { ConsoleConfig } from '@dispatch/shared';
import { BASEMAP_LAYER_IDS, labelFont, offlineStyle } from '../map/offline-style';

/** The console's street layers, for drawing under the courier's route. */
export interface StreetLayers {
  /** Absolute glyph URL template of the server's glyph folder; null: local fonts. */
  glyphs: string | null;
  sources: Record<string, SourceSpecification>;
  /** Bottom first; the background is left out (the courier's map has its own). */
  layers: LayerSpecification[];
}

/**
 * The streets and their names as the console's offline style draws them (light theme), or null
 * when the server has no street network.
 */
export function streetLayers(config: ConsoleConfig, origin: string): StreetLayers | null {
  if (!config.streetsUrl) return null;
  const style = offlineStyle(config.streetsUrl, 'light', labelFont(config.glyphs, origin));
  return {
    glyphs: style.glyphs ?? null,
    sources: style.sources,
    layers: style.layers.filter((layer) => layer.id !== BASEMAP_LAYER_IDS.background),
  };
}

/**
 * Lets MapLibre's requests to this server's API (streets, glyphs) carry the device token as
 * bearer, since the phone has no console session; requests elsewhere go out untouched.
 */
export function deviceMapRequests(token: string, origin: string): RequestTransformFunction {
  return (url) => {
    let target: URL;
    try {
      target = new URL(url, origin);
    } catch {
      return undefined;
    }
    if (target.origin !== origin || !target.pathname.startsWith('/api/')) return undefined;
    return { url: target.href, headers: { authorization: `Bearer ${token}` } };
  };
}
