import { describe, expect, it } from 'vitest';
import { parseCsv } from '../stops/csv';
import { csvCell, toCsv } from './csv-writer';

describe('writing CSV', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('Rua A, 10')).toBe('"Rua A, 10"');
    expect(csvCell('the "blue" door')).toBe('"the ""blue"" door"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+55 67 9999')).toBe("'+55 67 9999");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('writes numbers as numbers and nothing as an empty cell', () => {
    expect(csvCell(-54.6)).toBe('-54.6');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('reads back as the same cells', () => {
    const rows = [
      ['A-1', 'Rua "B", 2\nfundos', 3],
      ['A-2', '', null],
    ];
    const text = toCsv(['ref', 'address', 'n'], rows);
    expect(text.startsWith('\uFEFFref,address,n\r\n')).toBe(true);
    expect(parseCsv(text).map((r) => r.fields)).toEqual([
      ['ref', 'address', 'n'],
      ['A-1', 'Rua "B", 2\nfundos', '3'],
      ['A-2', '', ''],
    ]);
  });
});
