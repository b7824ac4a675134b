import { describe, expect, it } from 'vitest';
import type { Orm } from '../db/client';
import { appendEvents, type EventInput } from './event-log';

describe('appendEvents', () => {
  it('writes a large list in several statements, every event once, in order', async () => {
    const statements: { subjectId: number | null }[][] = [];
    const orm = {
      insert: () => ({
        values: (rows: { subjectId: number | null }[]) => {
          statements.push(rows);
          return Promise.resolve();
        },
      }),
    } as unknown as Pick<Orm, 'insert'>;
    const list: EventInput[] = Array.from({ length: 12_001 }, (_, i) => ({
      kind: 'stop.moved',
      subjectType: 'stop',
      subjectId: i,
    }));
    await appendEvents(orm, { type: 'system' }, list);
    expect(statements.length).toBe(3);
    // Six parameters per event must stay under PostgreSQL's 65,535 per statement.
    for (const rows of statements) expect(rows.length * 6).toBeLessThan(65_535);
    expect(statements.flat().map((r) => r.subjectId)).toEqual(list.map((e) => e.subjectId));
  });

  it('writes nothing for an empty list', async () => {
    let calls = 0;
    const orm = { insert: () => (calls++, { values: () => Promise.resolve() }) };
    await appendEvents(orm as unknown as Pick<Orm, 'insert'>, { type: 'system' }, []);
    expect(calls).toBe(0);
  });
});
