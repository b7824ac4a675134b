import Type, { type Static } from 'typebox';

/** What the console needs to draw its map (`GET /api/v1/config`). */
export const ConsoleConfigSchema = Type.Object({
  mapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  /** Where the street layer is served, when the server has a street network. */
  streetsUrl: Type.Union([Type.String(), Type.Null()]),
  center: Type.Object({ lat: Type.Number(), lng: Type.Number() }),
  /** The console broadcast tick, ms. */
  tickMs: Type.Integer(),
});
export type ConsoleConfig = Static<typeof ConsoleConfigSchema>;

/** `GET /api/v1/couriers/:id/trail`: how far back, minutes. */
export const TrailQuerySchema = Type.Object({
  minutes: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 30 }),
});
export type TrailQuery = Static<typeof TrailQuerySchema>;

/** One position of a trail; `t` is device time, epoch ms. */
export const TrailPointSchema = Type.Object({
  t: Type.Number(),
  lat: Type.Number(),
  lng: Type.Number(),
});
export type TrailPoint = Static<typeof TrailPointSchema>;

/** A courier's recent positions by device time, oldest first. */
export const CourierTrailSchema = Type.Object({
  courierId: Type.Integer(),
  points: Type.Array(TrailPointSchema),
});
export type CourierTrail = Static<typeof CourierTrailSchema>;
