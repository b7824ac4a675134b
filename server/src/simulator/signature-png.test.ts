import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import { sniffImage } from '../proof/image-type';
import { signaturePng } from './signature-png';

/** The chunks of a PNG, by type, in order. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = Buffer.from(png.subarray(at + 4, at + 8)).toString('ascii');
    out.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('a simulated signature', () => {
  it('is a small PNG of the asked size that the upload route reads as one', () => {
    const png = signaturePng(createRng(1), 120, 40);
    expect(sniffImage(png)).toEqual({ contentType: 'image/png', width: 120, height: 40 });
    expect(png.length).toBeLessThan(4096);
    expect(chunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('holds a dark scrawl on white, different for each draw', () => {
    const rng = createRng(2);
    const pixels = (png: Uint8Array) =>
      inflateSync(chunks(png).find((c) => c.type === 'IDAT')!.data);
    const a = pixels(signaturePng(rng));
    const b = pixels(signaturePng(rng));
    expect(a.length).toBe(40 * 121);
    const dark = [...a].filter((v) => v < 128).length;
    expect(dark).toBeGreaterThan(100);
    expect(dark).toBeLessThan(40 * 120 * 0.5);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
