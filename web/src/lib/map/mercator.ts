// Web Mercator as MapLibre's world coordinates: x and y from 0 to 1, west to east and north to
// south; a world `worldSize` pixels across at the current zoom (512 × 2^zoom).

/** Mercator x of a longitude, 0 (180° W) to 1 (180° E). */
export function mercatorX(lng: number): number {
  return (180 + lng) / 360;
}

/** Mercator y of a latitude, 0 at the north edge of the map to 1 at the south edge. */
export function mercatorY(lat: number): number {
  const radians = (lat * Math.PI) / 180;
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + radians / 2)) / (2 * Math.PI);
}

/** The map's world width in pixels at a zoom (MapLibre's 512-pixel tiles). */
export function worldSizePx(zoom: number): number {
  return 512 * 2 ** zoom;
}

/**
 * Re-bases MapLibre's view-projection matrix (world pixels to clip space, column-major) for
 * points given as mercator offsets from an origin: `viewProjection × translate(origin ×
 * worldSize) × scale(worldSize)`. Done in float64 so the GPU only ever sees small offsets, which
 * float32 holds to a fraction of a pixel even at street zoom.
 */
export function localMatrix(
  viewProjection: ArrayLike<number>,
  originX: number,
  originY: number,
  worldSize: number,
  out: Float64Array,
): Float64Array {
  const tx = originX * worldSize;
  const ty = originY * worldSize;
  for (let row = 0; row < 4; row++) {
    const c0 = viewProjection[row]!;
    const c1 = viewProjection[4 + row]!;
    out[row] = c0 * worldSize;
    out[4 + row] = c1 * worldSize;
    out[8 + row] = viewProjection[8 + row]!;
    out[12 + row] = c0 * tx + c1 * ty + viewProjection[12 + row]!;
  }
  return out;
}

/** A map viewport as a frame drew it: its local matrix and its size in CSS pixels. */
export interface DrawnView {
  matrix: Float64Array;
  widthPx: number;
  heightPx: number;
}

/**
 * Where a local mercator offset lands on screen, in CSS pixels from the top left, written into
 * `out`; NaN when it is behind the camera.
 */
export function screenPoint(
  view: DrawnView,
  x: number,
  y: number,
  out: [number, number],
): [number, number] {
  const m = view.matrix;
  const w = m[3]! * x + m[7]! * y + m[15]!;
  if (w <= 0) {
    out[0] = out[1] = NaN;
    return out;
  }
  const clipX = (m[0]! * x + m[4]! * y + m[12]!) / w;
  const clipY = (m[1]! * x + m[5]! * y + m[13]!) / w;
  out[0] = ((clipX + 1) / 2) * view.widthPx;
  out[1] = ((1 - clipY) / 2) * view.heightPx;
  return out;
}
