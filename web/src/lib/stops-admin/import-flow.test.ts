import { describe, expect, it, vi } from 'vitest';
import type { StopImportPreview } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { ImportFlow, importedText } from './import-flow.svelte';
import { csvTemplate, CSV_COLUMNS } from './csv-template';

const row = (line: number) => ({
  line,
  orderRef: `A-${line}`,
  kind: 'delivery',
  address: 'Rua',
  lat: 1,
  lng: 1,
  windowStart: 0,
  windowEnd: 1,
  serviceSeconds: 120,
  demand: 1,
  slaTier: 'same_day',
  hubId: 1,
  courierId: null,
});
const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);
const preview = (problems: StopImportPreview['problems']): StopImportPreview => ({
  stops: [row(2), row(3)],
  problems,
  problemLimit: 200,
});

describe('the import screen', () => {
  it('offers the import only after a dry run without problems of the same text and hub', async () => {
    const calls = {
      preview: vi
        .fn()
        .mockResolvedValueOnce(
          preview([{ line: 3, index: 1, column: 'lat', message: 'lat must be a number' }]),
        ),
      importCsv: vi.fn().mockResolvedValue({ imported: 2, ids: [5, 6] }),
    };
    const flow = new ImportFlow(calls);
    flow.hubId = 1;
    flow.setText('bad');
    expect(flow.canImport).toBe(false);
    await flow.check();
    expect(calls.preview).toHaveBeenCalledWith('bad', 1);
    expect(flow.canImport).toBe(false);
    expect(flow.hasProblem(3, 'lat')).toBe(true);
    expect(flow.problemsAt(3)).toHaveLength(1);

    calls.preview.mockResolvedValueOnce(preview([]));
    flow.setText('good');
    expect(flow.problems).toEqual([]);
    await flow.check();
    expect(flow.canImport).toBe(true);
    flow.hubId = 2;
    expect(flow.canImport).toBe(false);
    flow.hubId = 1;
    expect(flow.canImport).toBe(true);

    await flow.importAll('Centro');
    expect(calls.importCsv).toHaveBeenCalledWith('good', 1);
    expect(flow.result?.(t)).toBe(
      'Imported 2 stops for Centro. They wait in the unassigned queue until they are planned.',
    );
    expect(flow.result?.(tp)).toBe(
      '2 paradas importadas para Centro. Elas aguardam na fila de não atribuídas até serem planejadas.',
    );
    expect(flow.canImport).toBe(false);
  });

  it('shows a refusal of the whole file in words, and asks for text first', async () => {
    const flow = new ImportFlow({
      preview: vi.fn().mockRejectedValue(new ApiError('invalid', 'line 1: unknown column "x"')),
      importCsv: vi.fn(),
    });
    await flow.check();
    expect(flow.failure?.(t)).toBe('Paste the CSV or choose a file first.');
    expect(flow.failure?.(tp)).toBe('Cole o CSV ou escolha um arquivo primeiro.');
    flow.setText('x\n1');
    await flow.check();
    expect(flow.failure?.(tp)).toBe('line 1: unknown column "x"');
    expect(flow.status).toBe('editing');
  });
});

describe('what an import says it created', () => {
  it('counts the stops and names the hub when there is one', () => {
    expect(importedText(1, null, t)).toBe(
      'Imported 1 stop. It waits in the unassigned queue until it is planned.',
    );
    expect(importedText(1, 'Norte', tp)).toBe(
      '1 parada importada para Norte. Ela aguarda na fila de não atribuídas até ser planejada.',
    );
  });
});

describe('the CSV template', () => {
  it('has every documented column and an example row for the day', () => {
    const [header, example] = csvTemplate('2026-01-05').trim().split('\n');
    expect(header!.split(',')).toEqual(CSV_COLUMNS.map((c) => c.name));
    expect(example).toContain('2026-01-05 09:00');
    expect(example).toContain('"Rua 14 de Julho, 1500"');
  });

  it('explains every column in both languages, keeping the column names', () => {
    const kind = CSV_COLUMNS.find((c) => c.name === 'kind')!;
    expect(t(kind.meaning)).toBe('delivery (default), pickup or return_pickup');
    expect(tp(kind.meaning)).toBe('delivery (padrão), pickup ou return_pickup');
  });
});
