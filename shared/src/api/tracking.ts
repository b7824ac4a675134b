import Type, { type Static } from 'typebox';
import { STOP_KINDS } from '../domain';
import { Nullable } from './common';
import { CUSTOMER_LANGUAGES, Instant, InstantIn } from './customers';

/**
 * The customer's tracking page (`/t/<token>`) and its actions (instructions, another window,
 * collecting at the hub), the `/track` namespace's event, the hubs' window slots, and the
 * promised arrival window shown to customers and shops.
 */

// ---------------------------------------------------------------------------------------------
// The tracking page (`/t/<token>`: no login; the token is the credential)

/** Where the tracking page's timeline stands. */
export const TRACKING_PHASES = [
  'received',
  'out_for_delivery',
  'arriving',
  'delivered',
  'failed',
  'rescheduled',
  'collect_at_hub',
  'returned',
  'cancelled',
] as const;
export type TrackingPhase = (typeof TRACKING_PHASES)[number];

export const INSTRUCTION_KINDS = ['safe_place', 'neighbour', 'door_code', 'other'] as const;
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number];

/**
 * Everything the tracking page may know, and nothing more: never other stops, the route, the
 * courier's full name or phone. `courier` is set only while the courier is on the way to this
 * stop (at most TRACKING_STOPS_AHEAD stops before it) and never after the stop ends.
 */
export const TrackingViewSchema = Type.Object({
  phase: Type.Enum(TRACKING_PHASES),
  kind: Type.Enum(STOP_KINDS),
  orderRef: Nullable(Type.String()),
  language: Type.Enum(CUSTOMER_LANGUAGES),
  hub: Type.Object({ name: Type.String(), timezone: Type.String() }),
  /** The address as the shop sent it (the customer's own). */
  address: Type.String(),
  window: Type.Object({ start: Instant, end: Instant }),
  etaWindow: Nullable(Type.Object({ start: Instant, end: Instant })),
  /** Open stops before this one on the courier's route, while out for delivery. */
  stopsBefore: Nullable(Type.Integer()),
  courier: Nullable(
    Type.Object({
      firstName: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      /** When the courier's phone took this position (epoch ms): "updated 20 s ago". */
      at: Type.Number(),
    }),
  ),
  /** The stop's own position, for the map. */
  destination: Type.Object({ lat: Type.Number(), lng: Type.Number() }),
  /** When delivered: the time and who took the parcel. */
  deliveredAt: Nullable(Instant),
  recipientName: Nullable(Type.String()),
  /** When the latest attempt failed: the reason code and what happens next. */
  failure: Nullable(
    Type.Object({
      reasonCode: Nullable(Type.String()),
      next: Type.Union([
        Type.Literal('retry_today'),
        Type.Literal('choose_window'),
        Type.Literal('returning'),
      ]),
    }),
  ),
  instructions: Nullable(Type.Object({ kind: Type.Enum(INSTRUCTION_KINDS), text: Type.String() })),
  /** What the customer may still do: instructions, another window, collecting at the hub. */
  can: Type.Object({
    instruct: Type.Boolean(),
    reschedule: Type.Boolean(),
    /** Keep the parcel at the hub instead: until the courier arrives, even while out. */
    collect: Type.Boolean(),
  }),
  updatedAt: Instant,
});
export type TrackingView = Static<typeof TrackingViewSchema>;

/** Open stops before a customer's at which the courier's first name and position show. */
export const TRACKING_STOPS_AHEAD = 3;

/** `PUT /api/v1/track/:token/instructions`. */
export const TrackingInstructionsSchema = Type.Object(
  {
    kind: Type.Enum(INSTRUCTION_KINDS),
    text: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type TrackingInstructions = Static<typeof TrackingInstructionsSchema>;

/** A window the customer may move to: a hub slot on a day with room left. */
export const RescheduleOptionSchema = Type.Object({
  start: Instant,
  end: Instant,
  /** Stops the slot can still take that day. */
  left: Type.Integer(),
});
export type RescheduleOption = Static<typeof RescheduleOptionSchema>;

export const RescheduleOptionsSchema = Type.Object({
  options: Type.Array(RescheduleOptionSchema),
  /** Collecting at the hub is offered too. */
  collectAtHub: Type.Boolean(),
});
export type RescheduleOptions = Static<typeof RescheduleOptionsSchema>;

/** `POST /api/v1/track/:token/reschedule`: a new window from the options, or collect at the hub. */
export const RescheduleRequestSchema = Type.Union([
  Type.Object(
    { window: Type.Object({ start: InstantIn, end: InstantIn }, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
  Type.Object({ collectAtHub: Type.Literal(true) }, { additionalProperties: false }),
]);
export type RescheduleRequest = Static<typeof RescheduleRequestSchema>;

/** `GET /api/v1/track/:token/map`: what the page draws its basemap from (nulls: none set up). */
export const TrackingMapSchema = Type.Object({
  mapStyleUrl: Nullable(Type.String()),
  /** `/api/v1/track/<token>/streets`: the street network as GeoJSON, when the server has one. */
  streetsUrl: Nullable(Type.String()),
});
export type TrackingMap = Static<typeof TrackingMapSchema>;

/** The `/track` namespace pushes `tracking:update` with a fresh TrackingView. */
export const TRACKING_UPDATE_EVENT = 'tracking:update';

// ---------------------------------------------------------------------------------------------
// Window slots (supervisors)

/** A delivery window the hub offers every day, in its local time, with its daily capacity. */
export const WindowSlotSchema = Type.Object({
  /** Minutes after local midnight. */
  startMinute: Type.Integer({ minimum: 0, maximum: 1439 }),
  endMinute: Type.Integer({ minimum: 1, maximum: 1440 }),
  capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
});
export type WindowSlot = Static<typeof WindowSlotSchema>;

export const WindowSlotsSchema = Type.Object(
  { slots: Type.Array(WindowSlotSchema, { maxItems: 48 }) },
  { additionalProperties: false },
);
export type WindowSlots = Static<typeof WindowSlotsSchema>;

// ---------------------------------------------------------------------------------------------
// The promised arrival (the tracking page, emails, text messages and webhooks)

/**
 * The promised arrival as a window around the ETA, rounded outwards to 5 minutes: about a
 * sixth of the time left on each side, at least 5 and at most 30 minutes, so it narrows as the
 * courier nears (an hour away: 14:20–14:40; ten minutes away: 14:25–14:35).
 */
export function etaWindowAround(etaMs: number, nowMs: number): { start: number; end: number } {
  const FIVE_MIN = 5 * 60_000;
  const half = Math.min(30 * 60_000, Math.max(FIVE_MIN, (etaMs - nowMs) / 6));
  return {
    start: Math.floor((etaMs - half) / FIVE_MIN) * FIVE_MIN,
    end: Math.ceil((etaMs + half) / FIVE_MIN) * FIVE_MIN,
  };
}
