import { and, eq, gt, isNull } from 'drizzle-orm';
import { DomainError, type ConsoleUser, type CourierStatus, type Vehicle } from '@dispatch/shared';
import { hashToken } from '../auth/tokens';
import type { CourierService } from '../couriers/courier-service';
import type { HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers, hubs, pairingCodes } from '../db/schema';
import { appendEvents } from '../events/event-log';
import { PAIRING_CODE_TTL_MS, newPairingCode, normalisePairingCode } from './pairing-code';

/** The one answer for a wrong, used or expired code, so a guess learns nothing about codes. */
export const WRONG_CODE = 'the pairing code is wrong or has expired';

/** A courier as its own device sees it, with its hub. */
export interface DeviceCourier {
  id: number;
  name: string;
  vehicle: Vehicle;
  /** As last stored; the live state may know better. */
  status: CourierStatus;
  hub: { id: number; name: string; lat: number; lng: number; timezone: string } | null;
}

/**
 * Pairing a phone with a courier: a console user makes a one-time code (stored as its SHA-256,
 * short-lived, single use), and a phone exchanges it for a new device token, which signs the
 * courier's previous phone out.
 */
export class PairingService {
  constructor(
    private readonly orm: Orm,
    private readonly couriers: Pick<CourierService, 'issueToken' | 'credentialsChanged'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * A new code for a courier of the user's hub; the courier's earlier unused codes stop working.
   * `not_found` for no such courier, `forbidden` for another hub's, `conflict` for an inactive one.
   */
  async createCode(
    courierId: number,
    user: Pick<ConsoleUser, 'id'>,
    scope: HubScope,
  ): Promise<{ code: string; expiresAt: number }> {
    const code = newPairingCode();
    const now = this.clock();
    const expiresAt = now + PAIRING_CODE_TTL_MS;
    await this.orm.transaction(async (tx) => {
      // The lock orders two codes made at once for the same courier: the later one wins.
      const [courier] = await tx
        .select({ hubId: couriers.hubId, active: couriers.active })
        .from(couriers)
        .where(eq(couriers.id, courierId))
        .for('update');
      if (!courier) throw new DomainError('not_found', `courier ${courierId} does not exist`);
      scope.assert(courier.hubId, { type: 'courier', id: courierId });
      if (!courier.active)
        throw new DomainError(
          'conflict',
          `courier ${courierId} is inactive; activate it before pairing a phone`,
        );
      await tx
        .delete(pairingCodes)
        .where(and(eq(pairingCodes.courierId, courierId), isNull(pairingCodes.usedAt)));
      const [row] = await tx
        .insert(pairingCodes)
        .values({
          courierId,
          codeHash: hashToken(code),
          createdBy: user.id,
          createdAt: new Date(now),
          expiresAt: new Date(expiresAt),
        })
        .returning({ id: pairingCodes.id });
      await appendEvents(tx, { type: 'user', id: user.id }, [
        {
          kind: 'courier.pairing_created',
          subjectType: 'courier',
          subjectId: courierId,
          data: { pairingCodeId: row!.id, expiresAt },
        },
      ]);
    });
    return { code, expiresAt };
  }

  /**
   * Exchanges a code (as typed) for a new device token of its courier. A wrong, used or expired
   * code, or one whose courier is no longer active, is `unauthorized` and changes nothing.
   */
  async pair(
    typed: string,
  ): Promise<{ courierId: number; courierName: string; deviceToken: string }> {
    const code = normalisePairingCode(typed);
    if (!code) throw new DomainError('unauthorized', WRONG_CODE);
    const now = new Date(this.clock());
    const paired = await this.orm.transaction(async (tx) => {
      // One statement claims the code: of two phones racing with it, the second finds it used.
      const [claimed] = await tx
        .update(pairingCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(pairingCodes.codeHash, hashToken(code)),
            isNull(pairingCodes.usedAt),
            gt(pairingCodes.expiresAt, now),
          ),
        )
        .returning({ id: pairingCodes.id, courierId: pairingCodes.courierId });
      if (!claimed) return null;
      const issued = await this.couriers.issueToken(tx, claimed.courierId);
      // Rolls the claim back: the code of a deactivated courier stays as it was.
      if (!issued) throw new DomainError('unauthorized', WRONG_CODE);
      await appendEvents(tx, { type: 'courier', id: claimed.courierId }, [
        {
          kind: 'courier.paired',
          subjectType: 'courier',
          subjectId: claimed.courierId,
          data: { pairingCodeId: claimed.id },
        },
      ]);
      return {
        courierId: claimed.courierId,
        courierName: issued.name,
        deviceToken: issued.deviceToken,
      };
    });
    if (!paired) throw new DomainError('unauthorized', WRONG_CODE);
    this.couriers.credentialsChanged(paired.courierId);
    return paired;
  }

  /** The courier a device belongs to, with its hub; null when it no longer exists. */
  async deviceCourier(courierId: number): Promise<DeviceCourier | null> {
    const [row] = await this.orm
      .select({
        id: couriers.id,
        name: couriers.name,
        vehicle: couriers.vehicle,
        status: couriers.status,
        // A left join gives a null hub when the courier has none.
        hub: {
          id: hubs.id,
          name: hubs.name,
          lat: hubs.lat,
          lng: hubs.lng,
          timezone: hubs.timezone,
        },
      })
      .from(couriers)
      .leftJoin(hubs, eq(hubs.id, couriers.hubId))
      .where(eq(couriers.id, courierId));
    return row ?? null;
  }
}
