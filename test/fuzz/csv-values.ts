import fc from 'fast-check';
import { longText, nanLikeText, sometimes } from './hostile-values';

/** The import's columns, in both spellings, and some it does not know. */
const COLUMNS = [
  'order_ref',
  'kind',
  'address',
  'lat',
  'lng',
  'lon',
  'window_start',
  'window_end',
  'service_seconds',
  'demand',
  'sla_tier',
  'hub_id',
  'courier_id',
  'customer_name',
  'customer_phone',
  'notes',
  'requires_code',
  'orderRef',
  'windowStart',
  'hubId',
];
const UNKNOWN_COLUMNS = ['colour', '', ' lat ', 'LAT', 'id', '__proto__', 'constructor', '=1+1'];

/** Cells a spreadsheet would run as a formula (CSV injection), and other awkward cells. */
const FORMULA_CELLS = [
  '=1+1',
  '=HYPERLINK("http://example.invalid","x")',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1',
  '\r=1',
];

const HEADER_CORE = ['address', 'lat', 'lng', 'window_start', 'window_end'];

/** A line ending, one of the four a file may come with. */
export const lineEnding = fc.constantFrom('\n', '\r\n', '\r', '\n\r');

/** A cell worth trying in any column: a plausible value, text that only looks like one, or a formula. */
export const csvCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 12 }).map(String) },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date('1969-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .chain((d) =>
        fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 16), String(d.getTime())),
      ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('delivery', 'pickup', 'return_pickup', 'express', 'yes', 'no'),
  },
  { weight: 1, arbitrary: nanLikeText },
  { weight: 1, arbitrary: fc.constantFrom(...FORMULA_CELLS) },
  { weight: 1, arbitrary: fc.constantFrom('"', '""', 'a"b', '"a"b', ',', '\n', '\r\n', '\uFEFF') },
);

/** Quotes a cell the way RFC 4180 does, always or only when it must. */
export function quoteCell(cell: string, always: boolean): string {
  if (always || /[",\r\n]/.test(cell) || cell === '') return `"${cell.replaceAll('"', '""')}"`;
  return cell;
}

/** One way of breaking the quoting of a cell. */
const breakQuoting = fc.constantFrom(
  (c: string) => `"${c}`,
  (c: string) => `${c}"`,
  (c: string) => `"${c}"x`,
  (c: string) => `x"${c}"`,
  (c: string) => `"${c.replaceAll('"', '"""')}"`,
);

const HOUR_MS = 3_600_000;
/** Noon UTC today, so windows are plausible for today's routes (and the same all day for a replay). */
const NOW_MS = Math.floor(Date.now() / (24 * HOUR_MS)) * 24 * HOUR_MS + 12 * HOUR_MS;

/** A cell that is right for its column more often than not. */
function plausibleCell(column: string): fc.Arbitrary<string> {
  switch (column.trim().toLowerCase()) {
    case 'lat':
      return fc.double({ min: -90, max: 90, noNaN: true }).map(String);
    case 'lng':
    case 'lon':
      return fc.double({ min: -180, max: 180, noNaN: true }).map(String);
    case 'window_start':
    case 'windowstart':
    case 'window_end':
      // Starts before ends, mostly; times the other way round are among the awkward cells.
      return fc
        .integer(column.includes('end') ? { min: 3, max: 30 } : { min: -6, max: 2 })
        .chain((h) =>
          fc.constantFrom(
            String(NOW_MS + h * HOUR_MS),
            new Date(NOW_MS + h * HOUR_MS).toISOString(),
            new Date(NOW_MS + h * HOUR_MS).toISOString().slice(0, 16).replace('T', ' '),
          ),
        );
    case 'service_seconds':
      return fc.integer({ min: 0, max: 14_400 }).map(String);
    case 'demand':
      return fc.integer({ min: 0, max: 10_000 }).map(String);
    case 'kind':
      return fc.constantFrom('delivery', 'pickup', 'return_pickup');
    case 'sla_tier':
      return fc.constantFrom('express', 'same_day', 'next_day');
    case 'hub_id':
    case 'hubid':
    case 'courier_id':
      return fc.integer({ min: 1, max: 3 }).map(String);
    case 'requires_code':
      return fc.constantFrom('true', 'false', 'yes', 'no', '1', '0');
    case 'customer_phone':
      return fc.stringMatching(/^\+55 67 9\d{4}-\d{4}$/);
    case 'order_ref':
    case 'orderref':
      return fc.integer({ min: 1, max: 40 }).map((n) => `CSV-${n}`);
    default:
      return fc.string({ minLength: 1, maxLength: 40 });
  }
}

/** A cell of a column: plausible, or anything awkward. */
function cellOf(column: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: plausibleCell(column) },
    { weight: 1, arbitrary: csvCell },
  );
}

/** CSV text from its header and rows, with the chosen quoting, BOM and line end. */
function csvFrom(
  header: string[],
  rows: string[][],
  style: { quoteAll: boolean; bom: boolean; ending: string; trailingEnding: boolean },
  broken?: { row: number; col: number; breakIt: (cell: string) => string },
): string {
  const lines = [header, ...rows].map((cells, r) =>
    cells
      .map((cell, c) =>
        broken && broken.row === r && broken.col === c
          ? broken.breakIt(cell)
          : quoteCell(cell, style.quoteAll),
      )
      .join(','),
  );
  return (
    (style.bom ? '\uFEFF' : '') +
    lines.join(style.ending) +
    (style.trailingEnding ? style.ending : '')
  );
}

/**
 * CSV text for the stop import: a header of known (and sometimes unknown or missing) columns,
 * rows of mostly plausible cells with awkward ones among them (formulas, text that looks like a
 * number, a huge cell), sometimes broken quoting or ragged rows, a BOM, any line ending.
 */
export const csvText: fc.Arbitrary<string> = fc
  .record({
    extraColumns: fc.subarray(COLUMNS, { maxLength: 6 }),
    unknown: sometimes(fc.constantFrom(...UNKNOWN_COLUMNS), 8),
    dropCore: sometimes(fc.constantFrom(...HEADER_CORE), 10),
  })
  .map(({ extraColumns, unknown, dropCore }) => {
    const header = [...HEADER_CORE.filter((c) => c !== dropCore), ...extraColumns];
    if (unknown !== undefined) header.push(unknown);
    return header;
  })
  .chain((header) =>
    fc.record({
      header: fc.constant(header),
      rows: fc.array(fc.tuple(...header.map(cellOf)), { maxLength: 6 }),
      style: fc.record({
        quoteAll: fc.boolean(),
        bom: fc.boolean(),
        ending: lineEnding,
        trailingEnding: fc.boolean(),
      }),
      ragged: sometimes(fc.nat(5), 8),
      broken: sometimes(fc.tuple(fc.nat(6), fc.nat(header.length - 1), breakQuoting), 6),
      // Large, well within the 20 MiB limit of a CSV upload.
      huge: sometimes(fc.tuple(fc.nat(5), fc.nat(header.length - 1), longText(1_000, 300_000)), 15),
    }),
  )
  .map(({ header, rows, style, ragged, broken, huge }) => {
    const cells = rows.map((r) => [...r]);
    if (huge && cells[huge[0]]) cells[huge[0]]![huge[1]] = huge[2];
    if (ragged !== undefined && cells[ragged]) cells[ragged] = cells[ragged]!.slice(0, -1);
    return csvFrom(
      header,
      cells,
      style,
      broken ? { row: broken[0], col: broken[1], breakIt: broken[2] } : undefined,
    );
  });
