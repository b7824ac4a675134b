/**
 * PostgreSQL's answers that mean "this transaction lost a race with another; run it again":
 * a deadlock (one of two transactions locking the same rows in another order is rolled back)
 * and a serialization failure.
 */
const LOST_A_RACE = new Set(['40P01', '40001']);

/** PostgreSQL's SQLSTATE for a row that would break a unique index. */
export const UNIQUE_VIOLATION = '23505';

/** The SQLSTATE of a database error, or of the one it wraps (an ORM's query error). */
export function databaseCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs a whole transaction again when the database rolled it back for losing a race (up to
 * `attempts` times, after a short random pause); anything else is thrown at once. Only for
 * transactions whose every effect is inside the database: a retried run starts from nothing.
 */
export async function retryLostRaces<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = databaseCode(err);
      if (attempt >= attempts || code === undefined || !LOST_A_RACE.has(code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
