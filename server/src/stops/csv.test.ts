import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain records with their line numbers and skips blank lines', () => {
    expect(parseCsv('a,b\n1,2\n\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('handles quotes, escaped quotes, commas and newlines inside quotes, CRLF', () => {
    const rows = parseCsv('x,y\r\n"Rua A, 12","say ""hi""\nthere"\r\nlast,');
    expect(rows).toEqual([
      { line: 1, fields: ['x', 'y'] },
      { line: 2, fields: ['Rua A, 12', 'say "hi"\nthere'] },
      { line: 4, fields: ['last', ''] },
    ]);
  });

  it('strips a byte order mark', () => {
    expect(parseCsv('\ufeffa\n1')[0]!.fields).toEqual(['a']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/line 2/);
  });
});
