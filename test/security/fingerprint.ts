import type { Database } from '../../server/src/db/client';

/**
 * Security events a refusal itself writes by design (a refused device, a cross-hub refusal, a
 * failed sign-in): not counted as a write of the refused request.
 */
const REFUSAL_EVENT_KINDS = [
  'auth.login_failed',
  'auth.locked_out',
  'device.refused',
  'scope.cross_hub_refused',
];

/** Tables that background loops write whatever requests do (learned speeds). */
const BACKGROUND_TABLES = new Set(['model_state']);

/**
 * Columns that background loops write whatever requests do: a stop's ETA as the courier moves,
 * and what its customer was last told of it.
 */
const BACKGROUND_COLUMNS: Record<string, readonly string[]> = {
  stops: ['eta', 'notified_eta', 'notified_eta_at', 'arriving_notified_at'],
};

/** A row as text, without the columns background loops write. */
const rowText = (table: string) => {
  const skipped = BACKGROUND_COLUMNS[table];
  return skipped ? `(to_jsonb(t) - '{${skipped.join(',')}}'::text[])::text` : 't::text';
};

const rowsOf = (table: string) =>
  table === 'events'
    ? `(select t from events t where kind not in (${REFUSAL_EVENT_KINDS.map((k) => `'${k}'`).join(', ')}))`
    : `"${table}"`;

/**
 * What a request could have changed, cheaply: the row count of every table, and a hash over every
 * row of the tables a route writes (so an update shows as well as an insert or a delete), less
 * the columns background loops write.
 */
export class Fingerprint {
  private constructor(
    private readonly db: Database,
    private readonly tables: string[],
  ) {}

  static async of(db: Database): Promise<Fingerprint> {
    const tables = await db.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
       order by c.relname`,
    );
    const names = tables
      .map((t) => t.name)
      .filter((name) => !BACKGROUND_TABLES.has(name) && !name.startsWith('__'));
    return new Fingerprint(db, names);
  }

  /** Fails on a table name that is not in the database (a table a row names that was renamed). */
  assertKnown(tables: readonly string[], what: string): void {
    const unknown = tables.filter((t) => !this.tables.includes(t));
    if (unknown.length > 0) throw new Error(`${what}: no table ${unknown.join(', ')}`);
  }

  /** Counts of every table, hashes of the rows of `written`. */
  async read(written: readonly string[]): Promise<Record<string, string | number>> {
    const counts = this.tables.map(
      (name) => `(select count(*) from ${rowsOf(name)} t)::int as "${name}"`,
    );
    const hashes = written.map(
      (name) =>
        `(select md5(coalesce(string_agg(${rowText(name)}, '|' order by ${rowText(name)}), '')) from ${rowsOf(name)} t) as "${name}#rows"`,
    );
    const [row] = await this.db.query<Record<string, string | number>>(
      `select ${[...counts, ...hashes].join(', ')}`,
    );
    return row!;
  }

  /** The fingerprint once two reads a moment apart agree (an earlier request's follow-up done). */
  async settled(written: readonly string[]): Promise<Record<string, string | number>> {
    let last = await this.read(written);
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const now = await this.read(written);
      if (changed(last, now).length === 0) return now;
      last = now;
    }
    return last;
  }
}

/** The keys whose values differ. */
export function changed(
  before: Record<string, string | number>,
  after: Record<string, string | number>,
): string[] {
  return Object.keys(after).filter((k) => after[k] !== before[k]);
}
