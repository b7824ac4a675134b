/** The image formats a device may upload (photos and drawn signatures). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** What the bytes of an upload say they are. */
export interface ImageInfo {
  contentType: ImageType;
  width: number;
  height: number;
}

/**
 * The type and pixel size of an image, read from its bytes (magic numbers and header), never
 * from a file name or a declared type; null when the bytes are not a JPEG, PNG or WebP image
 * whose header gives its size.
 */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const format = FORMATS.find((f) => f.matches(bytes));
  const size = format?.size(bytes);
  if (!format || !size || size.width <= 0 || size.height <= 0) return null;
  return { contentType: format.contentType, ...size };
}

type Size = { width: number; height: number };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** The IHDR chunk comes first: width and height as big-endian 32-bit integers. */
function pngSize(b: Uint8Array): Size | null {
  if (b.length < 24 || !startsWith(b, ascii('IHDR'), 12)) return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic), not DHT/JPG/DAC. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Walks the segments to the first start-of-frame, which holds the height then the width. */
function jpegSize(b: Uint8Array): Size | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM, restart markers, start and end of image.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) return null;
    if (SOF.has(marker)) {
      if (at + 9 > b.length) return null;
      return { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

/** The first chunk says which WebP flavour: lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`). */
function webpSize(b: Uint8Array): Size | null {
  if (b.length < 30) return null;
  if (startsWith(b, ascii('VP8 '), 12)) {
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return null;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (startsWith(b, ascii('VP8L'), 12)) {
    if (b[20] !== 0x2f) return null;
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (startsWith(b, ascii('VP8X'), 12)) {
    return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/** Each format: how its bytes begin, and where its header keeps the size. */
const FORMATS: readonly {
  contentType: ImageType;
  matches: (b: Uint8Array) => boolean;
  size: (b: Uint8Array) => Size | null;
}[] = [
  { contentType: 'image/png', matches: (b) => startsWith(b, PNG_SIGNATURE), size: pngSize },
  { contentType: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]), size: jpegSize },
  {
    contentType: 'image/webp',
    matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
    size: webpSize,
  },
];
