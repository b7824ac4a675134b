import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@dispatch/shared';
import { parseCsv } from '../../server/src/stops/csv';
import {
  applyImportDefaults,
  parseCsvImport,
  validateStopImport,
} from '../../server/src/stops/stop-import';
import { stopInputValidator } from '../../server/src/stops/stop-input';
import { TestServer } from '../helpers/test-server';
import { csvText, lineEnding, quoteCell } from './csv-values';
import { CaseTally, fuzz } from './fuzz-run';
import { buildFuzzWorld, type FuzzWorld } from './fuzz-world';
import {
  RefusalAudit,
  RowCounts,
  expectHeapFlat,
  expectTypedAnswer,
  heapAfterGcMiB,
  watchProcessFailures,
} from './server-checks';

const tally = new CaseTally();
afterAll(() => console.log(`[fuzz] CSV import cases\n${tally.table()}`));

/** Cell text with every character CSV treats specially, and any other. */
const cellText = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r', ' ', 'é', '\uFEFF', '=', '𝄞') }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

describe('the CSV parser', () => {
  it('reads back any rows written with RFC 4180 quoting, whatever the line ends and BOM', async () => {
    const surface = 'csv: parse round trip';
    await fuzz(
      tally,
      surface,
      fc.property(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.boolean(),
        lineEnding.filter((e) => e !== '\n\r'),
        fc.boolean(),
        fc.boolean(),
        (rows, quoteAll, ending, bom, trailing) => {
          // A BOM opening the text is the encoding's, not the first cell's.
          fc.pre(!rows[0]![0]!.startsWith('\uFEFF'));
          const text =
            (bom ? '\uFEFF' : '') +
            rows.map((r) => r.map((c) => quoteCell(c, quoteAll)).join(',')).join(ending) +
            (trailing ? ending : '');
          const records = parseCsv(text);
          expect(records.map((r) => r.fields)).toEqual(rows);
          for (let i = 1; i < records.length; i++)
            expect(records[i]!.line).toBeGreaterThan(records[i - 1]!.line);
          tally.count(surface, 'accepted');
        },
      ),
      15_000,
    );
  });

  it('turns any text into stops or a typed invalid, and accounts for every row', async () => {
    const surface = 'csv: import checks';
    const zoneOfHub = (id: number) => (id === 1 ? 'America/Campo_Grande' : undefined);
    await fuzz(
      tally,
      surface,
      fc.property(
        fc.oneof(
          { weight: 4, arbitrary: csvText },
          { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
        ),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        (text, hubId) => {
          let items: unknown[];
          try {
            items = parseCsvImport(text);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe('invalid');
            tally.count(surface, 'refused');
            return;
          }
          const withDefaults = applyImportDefaults(items, { hubId, zoneOfHub });
          const { checked, problems } = validateStopImport(withDefaults);
          // Every row is a checked stop or named by a problem: none is dropped unseen.
          const named = new Set(problems.map((p) => p.index));
          for (let i = 0; i < withDefaults.length; i++)
            expect(checked.some((c) => c.index === i) || named.has(i)).toBe(true);
          for (const c of checked) expect(stopInputValidator.check(c.stop)).toBe(true);
          for (const p of problems) expect(p.line).toBeGreaterThanOrEqual(2);
          tally.count(surface, problems.length === 0 ? 'accepted' : 'refused');
        },
      ),
      15_000,
    );
  });
});

describe('the CSV import over HTTP, signed in as an admin', () => {
  let server: TestServer;
  let world: FuzzWorld;
  const crashes = watchProcessFailures();

  beforeAll(async () => {
    server = await TestServer.start();
    world = await buildFuzzWorld(server);
  });
  afterAll(async () => {
    crashes.stop();
    await server?.stop();
  });

  it('imports or refuses with a typed error, and a refused import writes nothing', async () => {
    const surface = 'csv: import over HTTP';
    type ImportCase = { text: string; path: string; query: string };
    const send = async ({ text, path, query }: ImportCase) => {
      const res = await server.app.http.inject({
        method: 'POST',
        url: path + query,
        headers: { cookie: world.adminCookie, 'content-type': 'text/csv' },
        payload: text,
      });
      return expectTypedAnswer({ status: res.statusCode, body: res.body }, `POST ${path}${query}`);
    };
    const audit = new RefusalAudit<ImportCase>(
      await RowCounts.of(server.app.db),
      send,
      (c) => `POST ${c.path}${c.query}: ${JSON.stringify(c.text.slice(0, 300))}`,
    );
    await audit.start();
    const heapBefore = await heapAfterGcMiB();
    let sinceCheck = 0;
    await fuzz(
      tally,
      surface,
      fc.asyncProperty(
        csvText,
        fc.constantFrom('/api/v1/stops/import', '/api/v1/stops/import/preview'),
        fc.constantFrom('', '?hubId=1', '?hubId=2', '?hubId=99', '?hubId=x', '?hubId=1&hubId=2'),
        async (text, path, query) => {
          const c = { text, path, query };
          const refused = await send(c);
          tally.count(surface, refused ? 'refused' : 'accepted');
          // A dry run writes nothing whatever it answers.
          if (!refused && path.endsWith('/import')) await audit.accepted();
          else audit.refused(c);
          if (++sinceCheck >= 25) {
            await audit.check(surface);
            sinceCheck = 0;
          }
        },
      ),
      1_500,
    );
    await audit.check(surface);
    expect((await server.app.http.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expectHeapFlat(surface, heapBefore, await heapAfterGcMiB());
    expect(crashes.failures).toEqual([]);
  });
});
