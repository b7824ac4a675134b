/** Raw RGBA pixels in the shape MapLibre's `addImage` takes. */
export interface RawImage {
  width: number;
  height: number;
  data: Uint8Array;
}

function insideTriangle(x: number, y: number, t: readonly (readonly [number, number])[]): boolean {
  const [a, b, c] = t as [[number, number], [number, number], [number, number]];
  const side = (p: [number, number], q: [number, number]) =>
    (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/**
 * A small arrowhead pointing north (white with a dark rim), drawn in code so the offline style
 * needs no sprite; rotated per courier with `icon-rotate`.
 */
export function headingArrow(size = 20): RawImage {
  const data = new Uint8Array(size * size * 4);
  const outer = [
    [size / 2, 0.5],
    [size - 1.5, size - 2],
    [1.5, size - 2],
  ] as const;
  const inner = [
    [size / 2, 3],
    [size - 4, size - 3.5],
    [4, size - 3.5],
  ] as const;
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let rim = 0;
      let fill = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          if (insideTriangle(px, py, inner)) fill++;
          else if (insideTriangle(px, py, outer)) rim++;
        }
      }
      const total = samples * samples;
      const alpha = (fill + rim) / total;
      const shade = alpha === 0 ? 0 : (255 * fill) / (fill + rim);
      const i = (y * size + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = Math.round(shade);
      data[i + 3] = Math.round(alpha * 255);
    }
  }
  return { width: size, height: size, data };
}
