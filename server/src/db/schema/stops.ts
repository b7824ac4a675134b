import { FAILURE_REASONS, SLA_TIERS, STOP_KINDS, STOP_STATUSES } from '@dispatch/shared';
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { couriers } from './couriers';
import { hubs } from './hubs';

/** One visit: a delivery, a pickup or a return pickup, with its promised window. */
export const stops = pgTable(
  'stops',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id').references(() => hubs.id),
    kind: text('kind', { enum: STOP_KINDS }).notNull(),
    orderRef: text('order_ref'),
    address: text('address').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    cell: text('cell').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true, mode: 'date' }).notNull(),
    serviceSeconds: integer('service_seconds').notNull().default(120),
    demand: integer('demand').notNull().default(1),
    slaTier: text('sla_tier', { enum: SLA_TIERS }).notNull().default('same_day'),
    status: text('status', { enum: STOP_STATUSES }).notNull().default('unassigned'),
    courierId: integer('courier_id').references(() => couriers.id),
    sequence: integer('sequence'),
    /** The courier's route version when this stop was last placed on the route. */
    routeVersion: integer('route_version'),
    attempts: integer('attempts').notNull().default(0),
    failureReason: text('failure_reason'),
    /** The latest failed attempt's reason code (see FAILURE_REASONS). */
    failureCode: text('failure_code', { enum: FAILURE_REASONS }),
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    /** The customer's delivery instructions and the shop's note, shown to the courier. */
    notes: text('notes'),
    /** The courier asks the customer for `deliveryCode` before handing the parcel over. */
    requiresCode: boolean('requires_code').notNull().default(false),
    deliveryCode: text('delivery_code'),
    /** A failed delivery's parcel brought back: set when it is checked in at the hub. */
    returnedAt: timestamp('returned_at', { withTimezone: true, mode: 'date' }),
    eta: timestamp('eta', { withTimezone: true, mode: 'date' }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true, mode: 'date' }),
    /** When it was delivered, failed or picked up: what on-time is measured by. */
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    /** Metres from the courier's live fix to the stop when it was delivered or failed. */
    completionDistanceMeters: doublePrecision('completion_distance_meters'),
    trackingTokenHash: text('tracking_token_hash').unique(),
    /** Random per stop: the tracking token is an HMAC of it (see customers/tracking-tokens.ts). */
    trackingSalt: text('tracking_salt'),
    /** The shop whose order this is (orders API), for its webhooks. */
    shopId: integer('shop_id'),
    customerEmail: text('customer_email'),
    /** The language of the customer's page and messages: `en` or `pt-BR`. */
    customerLanguage: text('customer_language'),
    /** What the customer asked from the tracking page: `safe_place`, `neighbour`, `door_code`, `other`. */
    instructionsKind: text('instructions_kind'),
    instructions: text('instructions'),
    /** The customer chose to collect the parcel at the hub instead. */
    collectAtHub: boolean('collect_at_hub').notNull().default(false),
    /** When the stop's courier set off on the route that carries it. */
    outForDeliveryAt: timestamp('out_for_delivery_at', { withTimezone: true, mode: 'date' }),
    /** The ETA the customer was last told, and when (the trigger's "ETA moved" rule). */
    notifiedEta: timestamp('notified_eta', { withTimezone: true, mode: 'date' }),
    notifiedEtaAt: timestamp('notified_eta_at', { withTimezone: true, mode: 'date' }),
    arrivingNotifiedAt: timestamp('arriving_notified_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stops_courier_seq_idx').on(t.courierId, t.sequence),
    index('stops_status_idx').on(t.status),
    index('stops_window_end_idx').on(t.windowEnd),
    index('stops_completed_idx').on(t.completedAt),
    // An order has at most one stop of each kind: its pickup and its delivery share the reference.
    uniqueIndex('stops_order_ref_kind_uq')
      .on(t.hubId, t.orderRef, t.kind)
      .where(sql`${t.orderRef} is not null`),
  ],
);
