import type { MessageKey } from '../i18n/messages/en';

/**
 * One column of the stops CSV, as the import screen documents it. The name and the example are
 * the file format and stay as they are in every language; what the column holds is translated.
 */
export interface CsvColumnDoc {
  name: string;
  required: boolean;
  meaning: MessageKey;
  example: string;
}

/** The columns the import reads (header names; any order, unknown names are refused). */
export const CSV_COLUMNS: readonly CsvColumnDoc[] = [
  {
    name: 'order_ref',
    required: false,
    meaning: 'office.csv.order_ref',
    example: 'ORD-1042',
  },
  {
    name: 'kind',
    required: false,
    meaning: 'office.csv.kind',
    example: 'delivery',
  },
  {
    name: 'address',
    required: true,
    meaning: 'office.csv.address',
    example: 'Rua 14 de Julho, 1500',
  },
  { name: 'lat', required: true, meaning: 'office.csv.lat', example: '-20.4628' },
  {
    name: 'lng',
    required: true,
    meaning: 'office.csv.lng',
    example: '-54.6162',
  },
  {
    name: 'window_start',
    required: true,
    meaning: 'office.csv.window_start',
    example: '2025-05-02 09:00',
  },
  {
    name: 'window_end',
    required: true,
    meaning: 'office.csv.window_end',
    example: '2025-05-02 11:00',
  },
  {
    name: 'service_seconds',
    required: false,
    meaning: 'office.csv.service_seconds',
    example: '180',
  },
  { name: 'demand', required: false, meaning: 'office.csv.demand', example: '2' },
  {
    name: 'sla_tier',
    required: false,
    meaning: 'office.csv.sla_tier',
    example: 'same_day',
  },
  {
    name: 'hub_id',
    required: false,
    meaning: 'office.csv.hub_id',
    example: '',
  },
  {
    name: 'courier_id',
    required: false,
    meaning: 'office.csv.courier_id',
    example: '',
  },
];

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A template file: the header and one example row for `date` (YYYY-MM-DD). */
export function csvTemplate(date: string): string {
  const header = CSV_COLUMNS.map((c) => c.name);
  const row = CSV_COLUMNS.map((c) =>
    quote(c.name.startsWith('window_') ? c.example.replace('2025-05-02', date) : c.example),
  );
  return `${header.join(',')}\n${row.join(',')}\n`;
}
