import { crc32, deflateSync } from 'node:zlib';
import type { Rng } from '../lib/rng';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * A drawn signature as a courier app's canvas would export it: a greyscale PNG, white with one
 * dark scrawl across it (a few loops of a wandering pen), a few hundred bytes.
 */
export function signaturePng(rng: Rng, width = 120, height = 40): Uint8Array {
  const pixels = new Uint8Array(width * height).fill(255);
  const ink = (x: number, y: number) => {
    for (let dy = 0; dy <= 1; dy++) {
      const px = Math.round(x);
      const py = Math.round(y) + dy;
      if (px >= 0 && px < width && py >= 0 && py < height) pixels[py * width + px] = 20;
    }
  };
  const loops = rng.int(3, 6);
  const phase = rng.range(0, Math.PI);
  for (let i = 0; i <= width * 4; i++) {
    const t = i / (width * 4);
    const x = 6 + t * (width - 12) + Math.sin(t * loops * 2 * Math.PI) * 5;
    const y = height / 2 + Math.cos(t * loops * 2 * Math.PI + phase) * (height / 3);
    ink(x, y);
  }
  // Each scanline starts with its filter type: 0, none.
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++)
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, adaptive filters, no interlace
  return concat([
    Uint8Array.from(PNG_SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** One PNG chunk: length, type, data and the CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([Uint8Array.from(Buffer.from(type, 'ascii')), data]);
  const out = new Uint8Array(8 + typed.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typed, 4);
  view.setUint32(4 + typed.length, crc32(typed));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
