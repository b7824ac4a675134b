import { and, eq } from 'drizzle-orm';
import { DomainError, type OrderCreated, type OrderInput } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { UNIQUE_VIOLATION } from '../db/conflict-retry';
import { stops } from '../db/schema';
import type { ImportedStops, StopService } from '../stops/stop-service';
import type { TrackingLinks } from '../tracking/tracking-links';
import type { ApiKeyCaller } from './api-key-auth';
import type { IdempotencyKeys } from './idempotency-keys';
import { orderDetails, orderStops, orderWindowProblems } from './order-input';
import { requestHash } from './request-hash';

/** What an order request answers: created now, or the stored answer of the first request. */
export interface OrderAnswer {
  statusCode: number;
  body: OrderCreated;
  replayed: boolean;
}

export interface OrderServiceDeps {
  orm: Orm;
  stops: Pick<StopService, 'withImportDefaults' | 'importWithin' | 'announceImport'>;
  links: Pick<TrackingLinks, 'linkFor'>;
  idempotency: IdempotencyKeys;
  now?: () => number;
}

type Outcome =
  | { kind: 'created'; body: OrderCreated; imported: ImportedStops }
  | { kind: 'stored'; requestHash: string; statusCode: number; body: OrderCreated };

/**
 * Shops' orders: the order's stops, made through the stop import as a console import makes them,
 * its tracking link and its idempotency record in one transaction; consoles hear of the stops
 * after the commit.
 */
export class OrderService {
  private readonly now: () => number;

  constructor(private readonly deps: OrderServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Creates the order at the key's hub, or answers what the first request with this key
   * answered. The same key with another body, or a reference the hub already has, is a
   * `conflict`; a refused order writes nothing, so it may be sent again with the same key.
   */
  async create(
    caller: ApiKeyCaller,
    idempotencyKey: string,
    order: OrderInput,
  ): Promise<OrderAnswer> {
    const { orm, stops: importer, links, idempotency } = this.deps;
    const hash = requestHash(order);
    const planned = orderStops(order, caller.hubId, caller.shopId);
    const items = await importer.withImportDefaults(planned.items, caller.hubId);
    let outcome: Outcome;
    try {
      outcome = await orm.transaction(async (tx): Promise<Outcome> => {
        if (!(await idempotency.claim(tx, caller.shopId, idempotencyKey, hash))) {
          const stored = await idempotency.stored(tx, caller.shopId, idempotencyKey);
          return { ...stored, kind: 'stored', body: stored.response as OrderCreated };
        }
        const problems = orderWindowProblems(order, this.now());
        if (problems.length > 0)
          throw new DomainError('invalid', problems.map((p) => p.message).join('; '), problems);
        await assertReferenceFree(tx, caller.hubId, order.reference);
        const imported = await importer
          .importWithin(tx, items, { type: 'api_key', id: caller.keyId }, planned.columns)
          .catch(async (err: unknown) => {
            if (err instanceof DomainError && err.code === 'invalid') {
              // Another key's request for the same reference may have committed since the check.
              await assertReferenceFree(tx, caller.hubId, order.reference);
              throw new DomainError(
                'invalid',
                err.message,
                orderDetails(err.details, planned.paths),
              );
            }
            throw err;
          });
        const delivery = imported.rows.find((r) => r.kind === 'delivery')!;
        const pickup = imported.rows.find((r) => r.kind === 'pickup') ?? null;
        const trackingUrl = await links.linkFor(delivery.id, tx);
        const body: OrderCreated = {
          reference: order.reference,
          hubId: caller.hubId,
          stopId: delivery.id,
          pickupStopId: pickup?.id ?? null,
          status: delivery.status,
          trackingUrl: trackingUrl!,
          deliveryCode: delivery.requiresCode ? delivery.deliveryCode : null,
        };
        await idempotency.answer(tx, caller.shopId, idempotencyKey, 201, body);
        return { kind: 'created', body, imported };
      });
    } catch (err) {
      // Another key's request for the same reference committed first.
      if (isOrderRefTaken(err)) throw referenceTaken(order.reference);
      throw err;
    }
    if (outcome.kind === 'created') {
      importer.announceImport(outcome.imported);
      return { statusCode: 201, body: outcome.body, replayed: false };
    }
    if (outcome.requestHash !== hash)
      throw new DomainError(
        'conflict',
        'this Idempotency-Key was already used for another order request; use a new key for a new order',
        [{ path: 'headers/idempotency-key', message: 'already used with another body' }],
      );
    return { statusCode: outcome.statusCode, body: outcome.body, replayed: true };
  }
}

async function assertReferenceFree(
  tx: Pick<Orm, 'select'>,
  hubId: number,
  reference: string,
): Promise<void> {
  const [taken] = await tx
    .select({ id: stops.id })
    .from(stops)
    .where(and(eq(stops.hubId, hubId), eq(stops.orderRef, reference)))
    .limit(1);
  if (taken) throw referenceTaken(reference);
}

const referenceTaken = (reference: string) =>
  new DomainError(
    'conflict',
    `an order with the reference ${reference} already exists at this hub; send each order once, with its own reference`,
    [{ path: '/reference', message: 'already exists at this hub' }],
  );

/** A unique violation of stops' (hub, order reference, kind) index, however the driver wraps it. */
function isOrderRefTaken(err: unknown): boolean {
  for (let e = err; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, constraint_name } = e as Record<string, unknown>;
    if (code === UNIQUE_VIOLATION && (constraint ?? constraint_name) === 'stops_order_ref_kind_uq')
      return true;
  }
  return false;
}
