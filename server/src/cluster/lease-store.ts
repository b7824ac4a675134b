import type { Sql } from '../db/client';

/** A hub's lease as stored, with whether it has run out by the database's clock. */
export interface LeaseRow {
  hubId: number;
  owner: string;
  token: number;
  expired: boolean;
}

/**
 * The cluster's tables as the lease keeper uses them. Every time is the database's `now()`, so
 * nodes whose clocks disagree still agree on who holds what.
 */
export interface LeaseStore {
  /** Records that `node` is up and taking hubs (and no longer draining, after a restart). */
  heartbeat(node: string): Promise<void>;
  /** Marks `node` as draining: the other nodes stop counting it and take its hubs. */
  markDraining(node: string): Promise<void>;
  /** Nodes whose heartbeat is younger than `ttlMs` and that are not draining, by name. */
  liveNodes(ttlMs: number): Promise<string[]>;
  leases(): Promise<LeaseRow[]>;
  hubIds(): Promise<number[]>;
  /**
   * Takes the hub's lease for `ttlMs` when it is free, expired or already this node's; returns
   * the fencing token, or null when another node holds it. The token grows by one each time the
   * lease changes hands (or is taken again after running out), starting at 1.
   */
  tryAcquire(hubId: number, node: string, ttlMs: number): Promise<number | null>;
  /** Extends the unexpired leases `node` holds with these tokens; returns the hub ids renewed. */
  renew(hubIds: number[], node: string, tokens: number[], ttlMs: number): Promise<number[]>;
  /** Ends the lease now, if `node` still holds it with `token`; the row stays to keep the token. */
  release(hubId: number, node: string, token: number): Promise<void>;
}

/** `$n` milliseconds as an interval. */
const ms = (n: number) => `($${n}::float8 * interval '1 millisecond')`;

/** The lease store on the server's database. */
export function sqlLeaseStore(db: Sql): LeaseStore {
  return {
    async heartbeat(node) {
      await db.query(
        `insert into cluster_nodes (name) values ($1)
         on conflict (name) do update set heartbeat_at = now(), draining = false`,
        [node],
      );
    },

    async markDraining(node) {
      await db.query(
        `insert into cluster_nodes (name, draining) values ($1, true)
         on conflict (name) do update set draining = true`,
        [node],
      );
    },

    async liveNodes(ttlMs) {
      const rows = await db.query<{ name: string }>(
        `select name from cluster_nodes
         where not draining and heartbeat_at > now() - ${ms(1)} order by name`,
        [ttlMs],
      );
      return rows.map((r) => r.name);
    },

    async leases() {
      const rows = await db.query<{
        hubId: number;
        owner: string;
        token: unknown;
        expired: boolean;
      }>(
        `select hub_id as "hubId", owner, token, expires_at <= now() as expired
         from hub_leases order by hub_id`,
      );
      return rows.map((r) => ({ ...r, token: Number(r.token) }));
    },

    async hubIds() {
      const rows = await db.query<{ id: number }>('select id from hubs order by id');
      return rows.map((r) => r.id);
    },

    async tryAcquire(hubId, node, ttlMs) {
      // Same owner and unexpired: the lease only gets longer. Otherwise it changes hands.
      const rows = await db.query<{ token: unknown }>(
        `insert into hub_leases as l (hub_id, owner, token, expires_at)
         select $1, $2, 1, now() + ${ms(3)} from hubs where id = $1
         on conflict (hub_id) do update set
           owner = excluded.owner,
           token = case when l.owner = excluded.owner and l.expires_at > now()
                        then l.token else l.token + 1 end,
           acquired_at = case when l.owner = excluded.owner and l.expires_at > now()
                              then l.acquired_at else now() end,
           expires_at = excluded.expires_at
         where l.expires_at <= now() or l.owner = excluded.owner
         returning token`,
        [hubId, node, ttlMs],
      );
      return rows[0] ? Number(rows[0].token) : null;
    },

    async renew(hubIds, node, tokens, ttlMs) {
      if (hubIds.length === 0) return [];
      const rows = await db.query<{ hubId: number }>(
        `update hub_leases l set expires_at = now() + ${ms(4)}
         from unnest($1::int[], $3::bigint[]) as held(hub_id, token)
         where l.hub_id = held.hub_id and l.token = held.token
           and l.owner = $2 and l.expires_at > now()
         returning l.hub_id as "hubId"`,
        [hubIds, node, tokens, ttlMs],
      );
      return rows.map((r) => r.hubId);
    },

    async release(hubId, node, token) {
      await db.query(
        `update hub_leases set expires_at = now()
         where hub_id = $1 and owner = $2 and token = $3 and expires_at > now()`,
        [hubId, node, token],
      );
    },
  };
}
