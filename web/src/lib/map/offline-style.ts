import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  Map as MapLibreMap,
  StyleSpecification,
} from 'maplibre-gl';
import type { ConsoleConfig } from '@dispatch/shared';
import type { ThemeName } from '../state/theme.svelte';
import { BASEMAP_COLORS } from './palette';

export const BASEMAP_LAYER_IDS = {
  background: 'basemap-background',
  streets: 'basemap-streets',
  streetNames: 'basemap-street-names',
};

/** Where the label glyphs come from: a glyph server's URL template and font, or the browser. */
export interface LabelFont {
  /** Absolute `…/{fontstack}/{range}.pbf` template; null: MapLibre draws glyphs with local fonts. */
  glyphsUrl: string | null;
  fontStack: string[];
}

/** Without a glyph server MapLibre draws label glyphs itself with this CSS font family. */
export const LOCAL_LABEL_FONT: LabelFont = { glyphsUrl: null, fontStack: ['sans-serif'] };

/**
 * The label font for the server's glyph folder (`ConsoleConfig.glyphs`), its regular font if it
 * has one; the browser's own fonts when it has none. MapLibre wants an absolute glyph URL and
 * must see the `{fontstack}`/`{range}` placeholders unescaped, so the origin is put in front.
 */
export function labelFont(glyphs: ConsoleConfig['glyphs'], origin: string): LabelFont {
  if (!glyphs) return LOCAL_LABEL_FONT;
  const font = glyphs.fonts.find((f) => /regular/i.test(f)) ?? glyphs.fonts[0]!;
  return { glyphsUrl: `${origin}${glyphs.url}`, fontStack: [font] };
}

/** Road classes drawn as major roads: wider, lighter, above the rest. */
const MAJOR_CLASSES = ['motorway', 'trunk', 'primary', 'secondary'];

/** Width at zoom 14 by road class, px; residential-like streets 2. */
const STREET_WIDTH: ExpressionSpecification = [
  'match',
  ['get', 'roadClass'],
  ['motorway', 'trunk'],
  5,
  'primary',
  4,
  'secondary',
  3.2,
  'tertiary',
  2.6,
  ['living_street', 'service'],
  1.2,
  2,
];

/** Colours the offline style adds to the palette's background and streets, per theme. */
const STREET_LOOK: Record<ThemeName, { major: string; label: string; halo: string }> = {
  dark: { major: '#3e4d5c', label: '#9aa7b4', halo: '#10161d' },
  light: { major: '#a4b0bd', label: '#4d5762', halo: '#eef1f4' },
};

function streetColor(theme: ThemeName): DataDrivenPropertyValueSpecification<string> {
  return [
    'match',
    ['get', 'roadClass'],
    MAJOR_CLASSES,
    STREET_LOOK[theme].major,
    BASEMAP_COLORS[theme].streets,
  ];
}

/**
 * A map style that needs nothing from the internet: a plain background and, when the server has
 * a street network, its streets from GeoJSON, wider by road class, with their names along them.
 * Label glyphs come from the server's glyph folder or are drawn by MapLibre with local fonts.
 */
export function offlineStyle(
  streetsUrl: string | null,
  theme: ThemeName,
  font: LabelFont = LOCAL_LABEL_FONT,
): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [
      {
        id: BASEMAP_LAYER_IDS.background,
        type: 'background',
        paint: { 'background-color': BASEMAP_COLORS[theme].background },
      },
    ],
  };
  if (font.glyphsUrl) style.glyphs = font.glyphsUrl;
  if (!streetsUrl) return style;
  style.sources.streets = { type: 'geojson', data: streetsUrl };
  style.layers.push(
    {
      id: BASEMAP_LAYER_IDS.streets,
      type: 'line',
      source: 'streets',
      layout: {
        'line-cap': 'round',
        'line-join': 'round',
        'line-sort-key': ['match', ['get', 'roadClass'], MAJOR_CLASSES, 1, 0],
      },
      paint: {
        'line-color': streetColor(theme),
        'line-width': [
          'interpolate',
          ['exponential', 1.6],
          ['zoom'],
          10,
          ['*', 0.25, STREET_WIDTH],
          14,
          STREET_WIDTH,
          18,
          ['*', 5, STREET_WIDTH],
        ],
      },
    },
    {
      id: BASEMAP_LAYER_IDS.streetNames,
      type: 'symbol',
      source: 'streets',
      minzoom: 13,
      filter: ['has', 'name'],
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 320,
        'text-field': ['get', 'name'],
        'text-font': font.fontStack,
        'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 17, 13],
        'text-max-angle': 30,
        'text-padding': 4,
      },
      paint: {
        'text-color': STREET_LOOK[theme].label,
        'text-halo-color': STREET_LOOK[theme].halo,
        'text-halo-width': 1.4,
      },
    },
  );
  return style;
}

/** Re-colours the offline style's layers for a theme (a style URL's layers are left alone). */
export function applyBasemapTheme(map: MapLibreMap, theme: ThemeName): void {
  map.setPaintProperty(
    BASEMAP_LAYER_IDS.background,
    'background-color',
    BASEMAP_COLORS[theme].background,
  );
  if (map.getLayer(BASEMAP_LAYER_IDS.streets)) {
    map.setPaintProperty(BASEMAP_LAYER_IDS.streets, 'line-color', streetColor(theme));
  }
  if (map.getLayer(BASEMAP_LAYER_IDS.streetNames)) {
    map.setPaintProperty(BASEMAP_LAYER_IDS.streetNames, 'text-color', STREET_LOOK[theme].label);
    map.setPaintProperty(BASEMAP_LAYER_IDS.streetNames, 'text-halo-color', STREET_LOOK[theme].halo);
  }
}
