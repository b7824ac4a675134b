import { randomBytes } from 'node:crypto';
import { and, eq, or } from 'drizzle-orm';
import { DomainError } from '@dispatch/shared';
import { hashToken } from '../auth/tokens';
import type { Orm } from '../db/client';
import { couriers } from '../db/schema';
import { appendEvents, type Actor, type SecurityLog } from '../events/event-log';

/** Random bytes in an OsmAnd tracker secret: 144 bits, 24 base64url characters. */
const SECRET_BYTES = 18;

/** The courier an OsmAnd device id belongs to. */
export interface OsmAndIdentity {
  courierId: number;
  hubId: number | null;
}

/** A secret as issued: shown once, stored only as its SHA-256. */
export interface IssuedOsmAndSecret {
  secret: string;
  issuedAt: Date;
}

/** A new OsmAnd tracker secret. */
export function newOsmAndSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * OsmAnd trackers' credentials: a secret the server generates, which the tracker sends as its
 * device id (`id`), and, for couriers an admin opted in (`legacy_device_id`), the tracker's own
 * external id. Lookups of active couriers are cached (hits only); `forget` clears the cache.
 */
export class OsmAndSecrets {
  private readonly cache = new Map<string, OsmAndIdentity>();

  constructor(
    private readonly orm: Orm,
    private readonly security: SecurityLog,
  ) {}

  /** Issues (or rotates: the old one stops working at once) a courier's secret. */
  async issue(courierId: number, actor: Actor): Promise<IssuedOsmAndSecret> {
    const secret = newOsmAndSecret();
    const issuedAt = new Date();
    const [row] = await this.orm
      .update(couriers)
      .set({ osmandSecretHash: hashToken(secret), osmandSecretIssuedAt: issuedAt })
      .where(eq(couriers.id, courierId))
      .returning({ hubId: couriers.hubId });
    if (!row) throw new DomainError('not_found', `courier ${courierId} does not exist`);
    this.forget();
    this.security.record(actor, {
      kind: 'device.osmand_secret_issued',
      subjectType: 'courier',
      subjectId: courierId,
      hubId: row.hubId,
    });
    return { secret, issuedAt };
  }

  /** Revokes a courier's secret: its tracker is refused from now on. */
  async revoke(courierId: number, actor: Actor): Promise<void> {
    await this.orm.transaction(async (tx) => {
      const [row] = await tx
        .update(couriers)
        .set({ osmandSecretHash: null, osmandSecretIssuedAt: null })
        .where(eq(couriers.id, courierId))
        .returning({ hubId: couriers.hubId });
      if (!row) throw new DomainError('not_found', `courier ${courierId} does not exist`);
      await appendEvents(tx, actor, [
        {
          kind: 'courier.osmand_secret_revoked',
          subjectType: 'courier',
          subjectId: courierId,
          hubId: row.hubId,
        },
      ]);
    });
    this.forget();
  }

  /**
   * The active courier an OsmAnd device id names: by its secret, or by its external id when an
   * admin allowed that (`legacy_device_id`); null otherwise, whichever way it failed.
   */
  async byDeviceId(deviceId: string): Promise<OsmAndIdentity | null> {
    const cached = this.cache.get(deviceId);
    if (cached) return cached;
    const [row] = await this.orm
      .select({ id: couriers.id, hubId: couriers.hubId })
      .from(couriers)
      .where(
        and(
          eq(couriers.active, true),
          or(
            eq(couriers.osmandSecretHash, hashToken(deviceId)),
            and(eq(couriers.externalDeviceId, deviceId), eq(couriers.legacyDeviceId, true)),
          ),
        ),
      )
      .limit(1);
    if (!row) return null;
    // Only hits are cached: caching misses would let random ids grow the map without bound.
    const identity = { courierId: row.id, hubId: row.hubId };
    this.cache.set(deviceId, identity);
    return identity;
  }

  /** Forgets cached lookups (any courier's credentials, hub or activity changed). */
  forget(): void {
    this.cache.clear();
  }
}
