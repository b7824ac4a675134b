import { describe, expect, test } from 'vitest';
import type { LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { BASEMAP_LAYER_IDS, LOCAL_LABEL_FONT, labelFont, offlineStyle } from './offline-style';

/** Evaluates the `match` on `roadClass` inside a style expression for one road class. */
function forClass(expression: unknown, roadClass: string): unknown {
  if (!Array.isArray(expression)) return expression;
  if (expression[0] === '*')
    return (expression[1] as number) * (forClass(expression[2], roadClass) as number);
  if (expression[0] !== 'match') throw new Error(`cannot evaluate ${String(expression[0])}`);
  const cases = expression.slice(2, -1);
  for (let i = 0; i < cases.length; i += 2) {
    const label = cases[i];
    if (label === roadClass || (Array.isArray(label) && label.includes(roadClass))) {
      return cases[i + 1];
    }
  }
  return expression.at(-1);
}

/** The width stops of the streets layer at zoom 14 (the interpolation's middle stop). */
function widthAtZoom14(layer: LineLayerSpecification, roadClass: string): number {
  const width = layer.paint!['line-width'] as unknown[];
  const at = width.indexOf(14);
  return forClass(width[at + 1], roadClass) as number;
}

describe('offlineStyle', () => {
  test('is a plain background without a street network', () => {
    const style = offlineStyle(null, 'dark');
    expect(style.layers.map((l) => l.id)).toEqual([BASEMAP_LAYER_IDS.background]);
    expect(style.glyphs).toBeUndefined();
  });

  test('draws primary roads wider than residential streets, and service roads thinner', () => {
    const style = offlineStyle('/api/v1/map/streets', 'dark');
    const streets = style.layers.find((l) => l.id === BASEMAP_LAYER_IDS.streets);
    const layer = streets as LineLayerSpecification;
    expect(widthAtZoom14(layer, 'primary')).toBeGreaterThan(widthAtZoom14(layer, 'residential'));
    expect(widthAtZoom14(layer, 'residential')).toBeGreaterThan(widthAtZoom14(layer, 'service'));
    const color = layer.paint!['line-color'];
    expect(forClass(color, 'primary')).not.toBe(forClass(color, 'residential'));
  });

  test('names streets along their lines, with local fonts when the server has no glyphs', () => {
    const style = offlineStyle('/api/v1/map/streets', 'light');
    const names = style.layers.find(
      (l) => l.id === BASEMAP_LAYER_IDS.streetNames,
    ) as SymbolLayerSpecification;
    expect(names.filter).toEqual(['has', 'name']);
    expect(names.layout).toMatchObject({
      'symbol-placement': 'line',
      'text-field': ['get', 'name'],
      'text-font': LOCAL_LABEL_FONT.fontStack,
    });
    // No glyphs URL: MapLibre draws the glyphs itself instead of fetching them.
    expect(style.glyphs).toBeUndefined();
  });

  test("uses the server's glyph folder and its regular font when it has one", () => {
    const font = labelFont(
      {
        url: '/api/v1/map/glyphs/{fontstack}/{range}.pbf',
        fonts: ['Noto Sans Bold', 'Noto Sans Regular'],
      },
      'http://console.test',
    );
    expect(font).toEqual({
      glyphsUrl: 'http://console.test/api/v1/map/glyphs/{fontstack}/{range}.pbf',
      fontStack: ['Noto Sans Regular'],
    });
    const style = offlineStyle('/api/v1/map/streets', 'dark', font);
    expect(style.glyphs).toBe(font.glyphsUrl);
    const names = style.layers.find((l) => l.id === BASEMAP_LAYER_IDS.streetNames);
    expect((names as SymbolLayerSpecification).layout!['text-font']).toEqual(['Noto Sans Regular']);
    expect(labelFont(null, 'http://console.test')).toBe(LOCAL_LABEL_FONT);
  });
});
