import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  DomainError,
  VEHICLE_CAPACITY,
  type CourierCreate,
  type CourierPatch,
  type CourierStatus,
} from '@dispatch/shared';
import type { HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor, type SecurityLog } from '../events/event-log';
import { hashToken, newToken } from '../auth/tokens';
import { OsmAndSecrets } from './osmand-secrets';

export type CourierRow = typeof couriers.$inferSelect;

/** Identity of the courier a device credential belongs to. */
export interface DeviceIdentity {
  courierId: number;
  hubId: number | null;
}

/** Couriers and their device credentials. */
export class CourierService {
  /** Token hash → courier; cleared on every credential change. */
  private readonly tokenCache = new Map<string, DeviceIdentity>();
  /** OsmAnd trackers' secrets and legacy ids. */
  readonly osmand: OsmAndSecrets;

  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
    security: SecurityLog,
  ) {
    this.osmand = new OsmAndSecrets(orm, security);
  }

  async create(
    input: CourierCreate,
    actor: Actor,
  ): Promise<{ courier: CourierRow; deviceToken: string }> {
    const deviceToken = newToken();
    const courier = await this.orm.transaction(async (tx) => {
      await this.assertExternalIdFree(tx, input.externalDeviceId ?? null, null);
      const [row] = await tx
        .insert(couriers)
        .values({
          name: input.name,
          vehicle: input.vehicle,
          capacity: input.capacity ?? VEHICLE_CAPACITY[input.vehicle],
          hubId: input.hubId ?? null,
          externalDeviceId: input.externalDeviceId ?? null,
          legacyDeviceId: input.legacyDeviceId ?? false,
          active: input.active ?? true,
          shiftStartMinute: input.shiftStartMinute ?? 480,
          shiftEndMinute: input.shiftEndMinute ?? 1200,
          deviceTokenHash: hashToken(deviceToken),
          tokenIssuedAt: new Date(),
        })
        .returning();
      await appendEvents(tx, actor, [
        {
          kind: 'courier.created',
          subjectType: 'courier',
          subjectId: row!.id,
          hubId: row!.hubId,
          data: { name: input.name, vehicle: input.vehicle },
        },
      ]);
      return row!;
    });
    this.clearCaches();
    this.bus.emit('courier:changed', {
      id: courier.id,
      active: courier.active,
      hubId: courier.hubId,
    });
    return { courier, deviceToken };
  }

  async update(id: number, input: CourierPatch, actor: Actor): Promise<CourierRow> {
    const row = await this.orm.transaction(async (tx) => {
      const [before] = await tx.select().from(couriers).where(eq(couriers.id, id)).for('update');
      if (!before) throw new DomainError('not_found', `courier ${id} does not exist`);
      if (input.externalDeviceId !== undefined)
        await this.assertExternalIdFree(tx, input.externalDeviceId, id);
      const patch: Partial<typeof couriers.$inferInsert> = { updatedAt: new Date() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.vehicle !== undefined) {
        patch.vehicle = input.vehicle;
        if (input.capacity === undefined) patch.capacity = VEHICLE_CAPACITY[input.vehicle];
      }
      if (input.capacity !== undefined) patch.capacity = input.capacity;
      if (input.hubId !== undefined) patch.hubId = input.hubId;
      if (input.externalDeviceId !== undefined) patch.externalDeviceId = input.externalDeviceId;
      if (input.legacyDeviceId !== undefined) patch.legacyDeviceId = input.legacyDeviceId;
      if (input.active !== undefined) patch.active = input.active;
      if (input.shiftStartMinute !== undefined) patch.shiftStartMinute = input.shiftStartMinute;
      if (input.shiftEndMinute !== undefined) patch.shiftEndMinute = input.shiftEndMinute;
      const [after] = await tx.update(couriers).set(patch).where(eq(couriers.id, id)).returning();
      await appendEvents(tx, actor, [
        {
          kind: 'courier.updated',
          subjectType: 'courier',
          subjectId: id,
          hubId: after!.hubId,
          data: { changes: input },
        },
      ]);
      return after!;
    });
    this.clearCaches();
    if (input.active === false) this.bus.emit('credentials:changed', id);
    this.bus.emit('courier:changed', { id: row.id, active: row.active, hubId: row.hubId });
    return row;
  }

  /** Issues a new device token; the old one stops working at once. */
  async rotateToken(id: number, actor: Actor): Promise<string> {
    const deviceToken = newToken();
    await this.setTokenHash(id, hashToken(deviceToken), actor, 'courier.token_rotated');
    return deviceToken;
  }

  async revokeToken(id: number, actor: Actor): Promise<void> {
    await this.setTokenHash(id, null, actor, 'courier.token_revoked');
  }

  /**
   * Gives an active courier a new device token inside the caller's transaction (its name comes
   * back for the device); null when there is no such active courier. Once the transaction
   * commits, call `credentialsChanged` so the old token stops working at once.
   */
  async issueToken(
    tx: Pick<Orm, 'update'>,
    id: number,
  ): Promise<{ deviceToken: string; name: string } | null> {
    const deviceToken = newToken();
    const [row] = await tx
      .update(couriers)
      .set({
        deviceTokenHash: hashToken(deviceToken),
        tokenIssuedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(and(eq(couriers.id, id), eq(couriers.active, true)))
      .returning({ name: couriers.name });
    return row ? { deviceToken, name: row.name } : null;
  }

  /** Forgets cached credentials and closes the courier's connections, after a change committed. */
  credentialsChanged(id: number): void {
    this.clearCaches();
    this.bus.emit('credentials:changed', id);
  }

  async get(id: number): Promise<CourierRow | null> {
    const [row] = await this.orm.select().from(couriers).where(eq(couriers.id, id));
    return row ?? null;
  }

  /** Couriers, by id; `scope` keeps a user bound to a hub to its couriers and those of no hub. */
  async list(
    filter: { hubId?: number | undefined; ids?: number[]; scope?: HubScope } = {},
  ): Promise<CourierRow[]> {
    const where = [filter.scope?.condition(couriers.hubId)];
    if (filter.hubId !== undefined) where.push(eq(couriers.hubId, filter.hubId));
    if (filter.ids) where.push(inArray(couriers.id, filter.ids));
    return this.orm
      .select()
      .from(couriers)
      .where(and(...where))
      .orderBy(asc(couriers.id));
  }

  /** Couriers that have reported a position, for rebuilding the live state. */
  async listWithLastFix(): Promise<CourierRow[]> {
    return this.orm.select().from(couriers).where(isNotNull(couriers.lastFixAt));
  }

  async setStatus(id: number, status: CourierStatus): Promise<void> {
    await this.orm
      .update(couriers)
      .set({ status, updatedAt: new Date() })
      .where(eq(couriers.id, id));
  }

  /** The active courier a device token belongs to, or null. */
  async byDeviceToken(token: string): Promise<DeviceIdentity | null> {
    const hash = hashToken(token);
    if (this.tokenCache.has(hash)) return this.tokenCache.get(hash)!;
    const [row] = await this.orm
      .select({ id: couriers.id, hubId: couriers.hubId })
      .from(couriers)
      .where(and(eq(couriers.deviceTokenHash, hash), eq(couriers.active, true)));
    const identity = row ? { courierId: row.id, hubId: row.hubId } : null;
    // Only hits are cached: caching misses would let random tokens grow the map without bound.
    if (identity) this.tokenCache.set(hash, identity);
    return identity;
  }

  private async setTokenHash(
    id: number,
    hash: string | null,
    actor: Actor,
    kind: string,
  ): Promise<void> {
    await this.orm.transaction(async (tx) => {
      const updated = await tx
        .update(couriers)
        .set({
          deviceTokenHash: hash,
          tokenIssuedAt: hash ? new Date() : null,
          updatedAt: new Date(),
        })
        .where(eq(couriers.id, id))
        .returning({ id: couriers.id });
      if (updated.length === 0) throw new DomainError('not_found', `courier ${id} does not exist`);
      await appendEvents(tx, actor, [{ kind, subjectType: 'courier', subjectId: id }]);
    });
    this.credentialsChanged(id);
  }

  private async assertExternalIdFree(
    tx: Pick<Orm, 'select'>,
    externalId: string | null,
    selfId: number | null,
  ): Promise<void> {
    if (externalId === null) return;
    const [row] = await tx
      .select({ id: couriers.id })
      .from(couriers)
      .where(eq(couriers.externalDeviceId, externalId));
    if (row && row.id !== selfId)
      throw new DomainError(
        'conflict',
        `external device id ${externalId} belongs to courier ${row.id}`,
      );
  }

  private clearCaches(): void {
    this.tokenCache.clear();
    this.osmand.forget();
  }
}
