import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../db/client';
import { stops } from '../db/schema';
import { TrackingTokens } from './tracking-tokens';

/** A link stays valid this long after its stop ended (delivered, returned or cancelled). */
export const LINK_VALID_AFTER_END_MS = 7 * 24 * 3_600_000;

/**
 * Each stop's tracking link, made when first asked for (an order, a notification, the console):
 * stops imported or created by hand get one too.
 */
export class TrackingLinks {
  constructor(
    private readonly orm: Orm,
    readonly tokens: TrackingTokens,
    /** Where customers reach the server: PUBLIC_URL, else the server's own address. */
    private readonly baseUrl: () => string,
  ) {}

  /** The stops' links by id (pass a transaction as `orm` to make them with the change). */
  async linksFor(stopIds: readonly number[], orm: Orm = this.orm): Promise<Map<number, string>> {
    const links = new Map<number, string>();
    if (stopIds.length === 0) return links;
    const rows = await orm
      .select({ id: stops.id, salt: stops.trackingSalt })
      .from(stops)
      .where(inArray(stops.id, [...stopIds]));
    const salts = new Map(rows.map((row) => [row.id, row.salt]));
    const missing = rows.filter((row) => !row.salt).map((row) => row.id);
    if (missing.length > 0) {
      for (const [id, salt] of await this.issueSalts(missing, orm)) salts.set(id, salt);
    }
    for (const [id, salt] of salts) {
      if (salt) links.set(id, this.tokens.urlFor(salt, this.baseUrl()));
    }
    return links;
  }

  /**
   * Gives the stops without a salt one each, in one statement (a burst of new stops would
   * otherwise cost a round trip per stop); a stop another request salted first keeps theirs.
   */
  private async issueSalts(stopIds: readonly number[], orm: Orm): Promise<Map<number, string>> {
    const issued = stopIds.map((id) => {
      const { salt, hash } = this.tokens.issue();
      return { id, salt, hash };
    });
    const set = await orm
      .update(stops)
      .set({ trackingSalt: sql`v.salt`, trackingTokenHash: sql`v.hash` })
      .from(
        sql`jsonb_to_recordset(${JSON.stringify(issued)}::jsonb) as v(id int, salt text, hash text)`,
      )
      .where(and(eq(stops.id, sql`v.id`), isNull(stops.trackingSalt)))
      .returning({ id: stops.id, salt: stops.trackingSalt });
    const salts = new Map(set.map((row) => [row.id, row.salt!]));
    const theirs = stopIds.filter((id) => !salts.has(id));
    if (theirs.length > 0) {
      const rows = await orm
        .select({ id: stops.id, salt: stops.trackingSalt })
        .from(stops)
        .where(inArray(stops.id, theirs));
      for (const row of rows) if (row.salt) salts.set(row.id, row.salt);
    }
    return salts;
  }

  async linkFor(stopId: number, orm: Orm = this.orm): Promise<string | null> {
    return (await this.linksFor([stopId], orm)).get(stopId) ?? null;
  }

  /** The stop a token opens, or null when it is unknown or expired. */
  async stopIdFor(token: string, nowMs = Date.now()): Promise<number | null> {
    if (!TrackingTokens.looksValid(token)) return null;
    const [row] = await this.orm
      .select({
        id: stops.id,
        status: stops.status,
        completedAt: stops.completedAt,
        returnedAt: stops.returnedAt,
        updatedAt: stops.updatedAt,
      })
      .from(stops)
      .where(eq(stops.trackingTokenHash, TrackingTokens.hashOf(token)));
    if (!row || linkExpired(row, nowMs)) return null;
    return row.id;
  }
}

/** Whether a stop's link no longer opens it: it ended more than {@link LINK_VALID_AFTER_END_MS} ago. */
export function linkExpired(
  row: { status: string; returnedAt: Date | null; completedAt: Date | null; updatedAt: Date },
  nowMs: number,
): boolean {
  const ended =
    row.status === 'delivered' || row.status === 'returned' || row.status === 'cancelled';
  if (!ended) return false;
  const endedAt = row.returnedAt ?? row.completedAt ?? row.updatedAt;
  return endedAt.getTime() + LINK_VALID_AFTER_END_MS < nowMs;
}
