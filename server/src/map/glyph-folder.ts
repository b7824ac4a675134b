import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@dispatch/shared';

/** Glyph PBFs cover 256 code points each, up to U+FFFF. */
const RANGE_SIZE = 256;
const LAST_RANGE_START = 65_280;

/**
 * A folder of SDF glyph PBFs laid out as MapLibre asks for them: one folder per font stack,
 * one `{start}-{end}.pbf` per range of 256 code points (`Noto Sans Regular/0-255.pbf`), as the
 * openmaptiles and protomaps font releases ship them.
 */
export interface GlyphFolder {
  /** The font stacks present, sorted by name. */
  readonly fonts: readonly string[];
  /**
   * The PBF of one range for a font stack (`A,B`: the first of them present), or null when
   * none of the stack's fonts is present or the range's file is missing. A malformed range is
   * refused (`invalid`).
   */
  range(fontstack: string, range: string): Promise<Buffer | null>;
}

/** Lists the font stacks of a glyph folder once; ranges are read from disk when asked for. */
export async function openGlyphFolder(dir: string): Promise<GlyphFolder> {
  const entries = await readdir(dir, { withFileTypes: true });
  const fonts = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  // Only names listed here reach the file system: a request cannot name another path.
  const present = new Set(fonts);
  return {
    fonts,
    async range(fontstack, range) {
      const file = glyphRangeFile(range);
      for (const font of fontstack.split(',').map((f) => f.trim())) {
        if (!present.has(font)) continue;
        try {
          return await readFile(join(dir, font, file));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw err;
        }
      }
      return null;
    },
  };
}

/** `0-255.pbf` → itself, once checked to be one whole range of 256 code points. */
export function glyphRangeFile(range: string): string {
  const match = /^(\d{1,6})-(\d{1,6})\.pbf$/.exec(range);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (
    !match ||
    start % RANGE_SIZE !== 0 ||
    end !== start + RANGE_SIZE - 1 ||
    start > LAST_RANGE_START
  ) {
    throw new DomainError(
      'invalid',
      `a glyph range is {start}-{start + 255}.pbf with start a multiple of 256, not ${range}`,
    );
  }
  return `${start}-${end}.pbf`;
}
