import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  DomainError,
  type NotificationEventType,
  type WebhookCreate,
  type WebhookCreated,
  type WebhookView,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { hubs, notificationDeliveries, shops, webhooks } from '../db/schema';
import { appendEvents, type Actor } from '../events/event-log';
import { newWebhookSecret } from './webhook-signature';

type WebhookRow = typeof webhooks.$inferSelect;

function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    hubId: row.hubId,
    shopId: row.shopId,
    url: row.url,
    eventTypes: row.eventTypes as NotificationEventType[],
    createdAt: new Date(row.createdAt).getTime(),
    disabledAt: row.disabledAt === null ? null : new Date(row.disabledAt).getTime(),
  };
}

/**
 * Admins' webhooks: created with a secret shown once, listed, disabled. The secret is kept as
 * given (the server signs with it, so it cannot be a one-way hash). Each change is logged.
 */
export class WebhookAdmin {
  constructor(private readonly orm: Orm) {}

  /**
   * A new webhook of a hub (of one of its shops, with `shopId`). `not_found` for an unknown hub;
   * `invalid` for a shop of another hub; `conflict` when an active webhook of the hub already
   * posts to the URL.
   */
  async create(
    input: WebhookCreate,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<WebhookCreated> {
    scope.assert(input.hubId, { type: 'hub', id: input.hubId });
    const secret = newWebhookSecret();
    const eventTypes = [...new Set(input.eventTypes ?? [])];
    const row = await this.orm.transaction(async (tx) => {
      const [hub] = await tx.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, input.hubId));
      if (!hub) throw new DomainError('not_found', `there is no hub ${input.hubId}`);
      if (input.shopId !== undefined) {
        const [shop] = await tx
          .select({ hubId: shops.hubId })
          .from(shops)
          .where(eq(shops.id, input.shopId));
        if (!shop || shop.hubId !== input.hubId)
          throw new DomainError('invalid', `the hub ${input.hubId} has no shop ${input.shopId}`, [
            { path: 'shopId', message: 'not a shop of this hub' },
          ]);
      }
      const [same] = await tx
        .select({ id: webhooks.id })
        .from(webhooks)
        .where(
          and(
            eq(webhooks.hubId, input.hubId),
            eq(webhooks.url, input.url),
            isNull(webhooks.disabledAt),
          ),
        );
      if (same)
        throw new DomainError(
          'conflict',
          `the webhook ${same.id} of this hub already posts there`,
          [{ path: 'url', message: `webhook ${same.id}` }],
        );
      const [created] = await tx
        .insert(webhooks)
        .values({
          hubId: input.hubId,
          shopId: input.shopId ?? null,
          url: input.url,
          secret,
          eventTypes,
          createdBy: actor.type === 'user' ? actor.id : null,
        })
        .returning();
      await appendEvents(tx, actor, [
        {
          kind: 'webhook.created',
          subjectType: 'hub',
          subjectId: input.hubId,
          data: {
            webhookId: created!.id,
            url: input.url,
            shopId: input.shopId ?? null,
            eventTypes,
          },
        },
      ]);
      return created!;
    });
    return { secret, webhook: webhookView(row) };
  }

  /** Every webhook in `scope`, disabled ones included, oldest first. */
  async list(scope: HubScope = EVERY_HUB): Promise<WebhookView[]> {
    const rows = await this.orm
      .select()
      .from(webhooks)
      .where(scope.condition(webhooks.hubId))
      .orderBy(asc(webhooks.id));
    return rows.map(webhookView);
  }

  /**
   * Disables a webhook of a hub in `scope`: it gets no new events, and deliveries still pending to it are
   * dead-lettered ("webhook disabled"). Disabling it again changes nothing.
   */
  async disable(id: number, actor: Actor, scope: HubScope = EVERY_HUB): Promise<WebhookView> {
    return this.orm.transaction(async (tx) => {
      const [row] = await tx.select().from(webhooks).where(eq(webhooks.id, id)).for('update');
      if (!row) throw new DomainError('not_found', `there is no webhook ${id}`);
      scope.assert(row.hubId, { type: 'hub', id: row.hubId });
      if (row.disabledAt !== null) return webhookView(row);
      const [disabled] = await tx
        .update(webhooks)
        .set({ disabledAt: new Date() })
        .where(eq(webhooks.id, id))
        .returning();
      const dead = await tx
        .update(notificationDeliveries)
        .set({ status: 'dead', lastError: 'webhook disabled' })
        .where(
          and(
            eq(notificationDeliveries.webhookId, id),
            eq(notificationDeliveries.status, 'pending'),
          ),
        )
        .returning({ id: notificationDeliveries.id });
      await appendEvents(tx, actor, [
        {
          kind: 'webhook.disabled',
          subjectType: 'hub',
          subjectId: row.hubId,
          data: { webhookId: id, url: row.url, deadDeliveries: dead.length },
        },
      ]);
      return webhookView(disabled!);
    });
  }
}
