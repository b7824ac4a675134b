import Type, { type Static } from 'typebox';

/** What the console needs to draw its map (`GET /api/v1/config`). */
export const ConsoleConfigSchema = Type.Object({
  mapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  /** Where the street layer is served, when the server has a street network. */
  streetsUrl: Type.Union([Type.String(), Type.Null()]),
  center: Type.Object({ lat: Type.Number(), lng: Type.Number() }),
  /** The console broadcast tick, ms. */
  tickMs: Type.Integer(),
  /**
   * Where the offline style's label glyphs (SDF PBFs) are served (`MAP_GLYPHS_DIR`) and the font
   * stacks there; absent or null: labels are drawn with the browser's own fonts.
   */
  glyphs: Type.Optional(
    Type.Union([
      Type.Object({ url: Type.String(), fonts: Type.Array(Type.String(), { minItems: 1 }) }),
      Type.Null(),
    ]),
  ),
});
export type ConsoleConfig = Static<typeof ConsoleConfigSchema>;

/** `GET /api/v1/map/glyphs/:fontstack/:range`: a font stack and a range like `0-255.pbf`. */
export const GlyphParamsSchema = Type.Object({
  fontstack: Type.String({ minLength: 1, maxLength: 200 }),
  range: Type.String({ pattern: '^[0-9]{1,6}-[0-9]{1,6}\\.pbf$' }),
});
export type GlyphParams = Static<typeof GlyphParamsSchema>;

/** How a route's legs are drawn: along the road graph's streets, or straight between points. */
export const LEG_SHAPES = ['streets', 'straight'] as const;
export type LegShape = (typeof LEG_SHAPES)[number];

/** One leg of a courier's remaining route: from its position or a stop to the next stop. */
export const RouteLegSchema = Type.Object({
  /** The stop the leg starts at; null for the leg from the courier's position. */
  fromStopId: Type.Union([Type.Integer(), Type.Null()]),
  toStopId: Type.Integer(),
  /** `straight` where no street path joins the two ends (or the server has no road graph). */
  shape: Type.Enum(LEG_SHAPES),
  /** From the leg's start to its stop; coordinates are `[lng, lat]`. */
  geometry: Type.Object({
    type: Type.Literal('LineString'),
    coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { minItems: 2 }),
  }),
});
export type RouteLeg = Static<typeof RouteLegSchema>;

/** `GET /api/v1/couriers/:id/route/path`: the next legs of a courier's remaining route. */
export const RoutePathSchema = Type.Object({
  courierId: Type.Integer(),
  /** The route version the legs were drawn for. */
  version: Type.Integer(),
  /** `streets` when the server has a road graph, else `straight`. */
  shape: Type.Enum(LEG_SHAPES),
  legs: Type.Array(RouteLegSchema),
  /** Open stops after the last leg, left out to keep the answer small. */
  stopsLeftOut: Type.Integer({ minimum: 0 }),
});
export type RoutePath = Static<typeof RoutePathSchema>;

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
