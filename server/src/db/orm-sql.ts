import { sql, type SQL } from 'drizzle-orm';
import type { Orm, Sql } from './client';

/**
 * Raw `$n`-parameterised SQL run inside a drizzle transaction, for code that speaks raw SQL
 * (the cluster's fence) called from code that holds a drizzle transaction.
 */
export function ormSql(tx: Pick<Orm, 'execute'>): Sql {
  return {
    async query<R extends object>(text: string, params: unknown[] = []): Promise<R[]> {
      const result: unknown = await tx.execute(withParams(text, params));
      // postgres-js answers with the rows themselves, PGlite with `{ rows }`.
      return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
    },
  };
}

function withParams(text: string, params: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) =>
    i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`,
  );
  return sql.join(chunks);
}
