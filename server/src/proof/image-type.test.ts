import { describe, expect, it } from 'vitest';
import {
  TINY_JPEG,
  TINY_PNG,
  TINY_WEBP,
  TINY_WEBP_LOSSLESS,
} from '../../../test/factories/tiny-images';
import { sniffImage } from './image-type';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** An extended WebP header (`VP8X`) of the given canvas size, and nothing after it. */
function webpExtended(width: number, height: number): Uint8Array {
  const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
  return new Uint8Array([
    ...ascii('RIFF'),
    ...[22, 0, 0, 0],
    ...ascii('WEBP'),
    ...ascii('VP8X'),
    ...[10, 0, 0, 0],
    ...[0, 0, 0, 0],
    ...le24(width - 1),
    ...le24(height - 1),
  ]);
}

describe('sniffImage', () => {
  it('reads a JPEG by its bytes, with its size from the start of frame', () => {
    expect(sniffImage(TINY_JPEG)).toEqual({ contentType: 'image/jpeg', width: 3, height: 2 });
  });

  it('reads a PNG with its size from the IHDR chunk', () => {
    expect(sniffImage(TINY_PNG)).toEqual({ contentType: 'image/png', width: 3, height: 2 });
  });

  it('reads lossy, lossless and extended WebP images', () => {
    expect(sniffImage(TINY_WEBP)).toEqual({ contentType: 'image/webp', width: 3, height: 2 });
    expect(sniffImage(TINY_WEBP_LOSSLESS)).toEqual({
      contentType: 'image/webp',
      width: 3,
      height: 2,
    });
    expect(sniffImage(webpExtended(1600, 1200))).toEqual({
      contentType: 'image/webp',
      width: 1600,
      height: 1200,
    });
  });

  it('refuses text, whatever it would be called', () => {
    expect(sniffImage(new TextEncoder().encode('just some text, named photo.jpg'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });

  it('refuses other formats a browser could send (GIF, SVG, PDF)', () => {
    expect(sniffImage(new Uint8Array([...ascii('GIF89a'), 3, 0, 2, 0, 0, 0, 0]))).toBeNull();
    expect(
      sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    ).toBeNull();
    expect(sniffImage(new TextEncoder().encode('%PDF-1.7\n'))).toBeNull();
  });

  it('refuses an image whose header is cut off before its size', () => {
    expect(sniffImage(TINY_JPEG.slice(0, 40))).toBeNull();
    expect(sniffImage(TINY_PNG.slice(0, 20))).toBeNull();
    expect(sniffImage(TINY_WEBP.slice(0, 24))).toBeNull();
  });

  it('refuses an image that says it has no pixels', () => {
    const empty = TINY_PNG.slice();
    empty.set([0, 0, 0, 0], 16);
    expect(sniffImage(empty)).toBeNull();
  });
});
