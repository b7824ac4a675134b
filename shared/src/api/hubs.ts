import Type, { type Static } from 'typebox';

/** A hub (depot) as the REST API reports it. */
export const HubSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  timezone: Type.String(),
  /** Share of deliveries inside their window the hub promises, 0..1. */
  onTimeTarget: Type.Number(),
  /** Accept suggestions automatically when they remove lateness without adding any elsewhere. */
  autoDispatch: Type.Boolean(),
});
export type Hub = Static<typeof HubSchema>;

/** `GET /api/v1/hubs`. */
export const HubListSchema = Type.Object({ hubs: Type.Array(HubSchema) });
export type HubList = Static<typeof HubListSchema>;

/** `POST /api/v1/hubs` (admins). */
export const HubCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    onTimeTarget: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);
export type HubCreate = Static<typeof HubCreateSchema>;

/** `PATCH /api/v1/hubs/:id` (supervisors): the on-time target, auto-dispatch policy or time zone. */
export const HubPatchSchema = Type.Object(
  {
    onTimeTarget: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    autoDispatch: Type.Optional(Type.Boolean()),
    /** IANA time zone name (`America/Campo_Grande`): shifts and every time shown are in it. */
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type HubPatch = Static<typeof HubPatchSchema>;
