import { and, eq, lt } from 'drizzle-orm';
import { retryLostRaces } from '../db/conflict-retry';
import { DomainError, isRetryable, type WireError } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { deviceActions } from '../db/schema';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** How long an action's answer is kept for replays: longer than any phone stays offline. */
export const DEVICE_ACTION_TTL_MS = 7 * 24 * 3_600_000;

/** One action a device asks for, named by the idempotency key it chose (when it chose one). */
export interface DeviceAction {
  courierId: number;
  /** The device's `actionId`; without one the action is simply applied. */
  key?: string | undefined;
  /** The event, e.g. `stop:delivered`. */
  kind: string;
  stopId: number | null;
}

/** The answer stored for a key: what the first application acknowledged. */
type StoredAck = { ok: true } | { ok: false; error: WireError };

/** An action applied now (with what it produced), or a replay of one applied before. */
export type Applied<V> = { replayed: false; value: V } | { replayed: true };

/** How a transaction with a key ended: applied, refused (and kept), or answered from before. */
type Claim<V> =
  | { kind: 'applied'; value: V }
  | { kind: 'refused'; error: DomainError }
  | { kind: 'replayed'; ack: StoredAck };

/**
 * Device actions applied exactly once per (courier, key). The key is claimed in the same
 * transaction as the change, so a resent action (an offline queue after a lost ack) answers what
 * the first one answered and changes nothing: success, or the same refusal (a refusal is kept,
 * the change it refused is not). A key reused for another event or stop is a `conflict`.
 */
export class DeviceActions {
  constructor(private readonly orm: Orm) {}

  /**
   * Applies `apply` in one transaction unless this key was applied before. A replayed refusal
   * throws the stored error again; failures that are not the device's (the database, retryable
   * codes) keep nothing, so the device may try again with the same key.
   */
  async once<V>(action: DeviceAction, apply: (tx: Tx) => Promise<V>): Promise<Applied<V>> {
    const { key } = action;
    // A visit racing another change of the same route (an ETA refresh, a re-attempt) may be
    // rolled back by a deadlock: it runs again, claim and all.
    if (key === undefined) {
      const value = await retryLostRaces(() => this.orm.transaction((tx) => apply(tx)));
      return { replayed: false, value };
    }
    const claim = await retryLostRaces(() =>
      this.orm.transaction(async (tx): Promise<Claim<V>> => {
        const claimed = await tx
          .insert(deviceActions)
          .values({
            courierId: action.courierId,
            actionKey: key,
            kind: action.kind,
            stopId: action.stopId,
            result: { ok: true } satisfies StoredAck,
          })
          .onConflictDoNothing()
          .returning({ key: deviceActions.actionKey });
        // Taken before: a concurrent first attempt has committed by now (the insert waited on it).
        if (claimed.length === 0)
          return { kind: 'replayed', ack: await this.stored(tx, action, key) };
        try {
          // A savepoint: a refusal undoes the change but keeps the claim, to store the refusal.
          return { kind: 'applied', value: await tx.transaction((inner) => apply(inner)) };
        } catch (err) {
          if (!(err instanceof DomainError) || isRetryable(err.code)) throw err;
          await tx
            .update(deviceActions)
            .set({ result: { ok: false, error: err.toWire() } satisfies StoredAck })
            .where(this.keyIs(action.courierId, key));
          return { kind: 'refused', error: err };
        }
      }),
    );
    if (claim.kind === 'refused') throw claim.error;
    if (claim.kind === 'applied') return { replayed: false, value: claim.value };
    const { ack } = claim;
    if (!ack.ok) throw new DomainError(ack.error.code, ack.error.message, ack.error.details);
    return { replayed: true };
  }

  /** Forgets answers older than {@link DEVICE_ACTION_TTL_MS}: a replay after that is a new action. */
  pruneExpired(now = Date.now()): Promise<number> {
    return this.prune(new Date(now - DEVICE_ACTION_TTL_MS));
  }

  /** Forgets answers stored before `before`. */
  async prune(before: Date): Promise<number> {
    const gone = await this.orm
      .delete(deviceActions)
      .where(lt(deviceActions.createdAt, before))
      .returning({ key: deviceActions.actionKey });
    return gone.length;
  }

  private async stored(tx: Tx, action: DeviceAction, key: string): Promise<StoredAck> {
    const [row] = await tx.select().from(deviceActions).where(this.keyIs(action.courierId, key));
    if (!row) throw new Error(`device action ${key} vanished while being replayed`);
    if (row.kind !== action.kind || row.stopId !== action.stopId) {
      throw new DomainError(
        'conflict',
        `the action id ${key} was already used for ${row.kind} on stop ${row.stopId ?? '–'}; use a new id for a new action`,
        [{ path: '/actionId', message: 'already used for another action' }],
      );
    }
    return row.result as StoredAck;
  }

  private keyIs(courierId: number, key: string) {
    return and(eq(deviceActions.courierId, courierId), eq(deviceActions.actionKey, key));
  }
}
