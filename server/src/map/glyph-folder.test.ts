import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { glyphRangeFile, openGlyphFolder, type GlyphFolder } from './glyph-folder';

describe('glyphRangeFile', () => {
  it('accepts whole ranges of 256 code points', () => {
    expect(glyphRangeFile('0-255.pbf')).toBe('0-255.pbf');
    expect(glyphRangeFile('65280-65535.pbf')).toBe('65280-65535.pbf');
  });

  it.each(['0-256.pbf', '1-256.pbf', '65536-65791.pbf', '0-255', '../0-255.pbf', '0-255.pbf.gz'])(
    'refuses %s as invalid',
    (range) => {
      expect(() => glyphRangeFile(range)).toThrow(expect.objectContaining({ code: 'invalid' }));
    },
  );
});

describe('openGlyphFolder', () => {
  let folder: GlyphFolder;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glyphs-'));
    for (const [font, range, bytes] of [
      ['Noto Sans Regular', '0-255.pbf', [1, 2, 3]],
      ['Noto Sans Bold', '0-255.pbf', [4]],
      ['Noto Sans Bold', '256-511.pbf', [5]],
    ] as const) {
      mkdirSync(join(dir, font), { recursive: true });
      writeFileSync(join(dir, font, range), Buffer.from(bytes));
    }
    writeFileSync(join(dir, 'README.txt'), 'not a font');
    folder = await openGlyphFolder(dir);
  });

  it('lists the font stacks it has, not stray files', () => {
    expect(folder.fonts).toEqual(['Noto Sans Bold', 'Noto Sans Regular']);
  });

  it('answers a range of the first font of a stack that has it', async () => {
    expect([...(await folder.range('Noto Sans Regular', '0-255.pbf'))!]).toEqual([1, 2, 3]);
    expect([...(await folder.range('Open Sans,Noto Sans Bold', '0-255.pbf'))!]).toEqual([4]);
    expect([...(await folder.range('Noto Sans Regular,Noto Sans Bold', '256-511.pbf'))!]).toEqual([
      5,
    ]);
  });

  it('has nothing for an unknown font, a missing range or a path in the font name', async () => {
    expect(await folder.range('Comic Sans', '0-255.pbf')).toBeNull();
    expect(await folder.range('Noto Sans Regular', '512-767.pbf')).toBeNull();
    expect(await folder.range('../Noto Sans Regular', '0-255.pbf')).toBeNull();
  });
});
