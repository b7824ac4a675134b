import Type, { type TSchema } from 'typebox';
import { SLA_TIERS, VEHICLES, compileValidator } from '@dispatch/shared';
import { DEFAULT_DETECTION_CONFIG, type DetectionConfigOverrides } from './config';

const positive = () => Type.Number({ exclusiveMinimum: 0 });
/** An object of optional members where an unknown key is an error (a typo must not pass silently). */
const optionalOnly = (members: Record<string, TSchema>): TSchema =>
  Type.Object(
    Object.fromEntries(
      Object.entries(members).map(([key, schema]) => [key, Type.Optional(schema)]),
    ),
    { additionalProperties: false },
  );
const numbersOf = (defaults: object): TSchema =>
  optionalOnly(Object.fromEntries(Object.keys(defaults).map((key) => [key, positive()])));

const CourierRules = numbersOf(DEFAULT_DETECTION_CONFIG.courier);

/**
 * `DETECTION_RULES`: overrides of the detection defaults as JSON, one level deep, e.g.
 * `{"courier":{"stallMinutes":8},"byVehicle":{"foot":{"stallMinutes":12}},"slaGraceMinutes":{"same_day":20}}`
 * or `{"lateRisk":{"windowMarginMinutes":15}}`.
 */
const DetectionRulesSchema = Type.Object(
  {
    courier: Type.Optional(CourierRules),
    byVehicle: Type.Optional(
      optionalOnly(Object.fromEntries(VEHICLES.map((v) => [v, CourierRules]))),
    ),
    stuckAtStop: Type.Optional(numbersOf(DEFAULT_DETECTION_CONFIG.stuckAtStop)),
    lateRisk: Type.Optional(
      optionalOnly({
        windowMarginMinutes: Type.Number({ minimum: 0 }),
        openAboveMinutes: Type.Number({ minimum: 0 }),
        clearAtOrBelowMinutes: Type.Number({ minimum: 0 }),
        etaRefreshSeconds: positive(),
        bands: numbersOf(DEFAULT_DETECTION_CONFIG.lateRisk.bands),
      }),
    ),
    slaGraceMinutes: Type.Optional(
      optionalOnly(Object.fromEntries(SLA_TIERS.map((t) => [t, Type.Number({ minimum: 0 })]))),
    ),
    hubSla: Type.Optional(numbersOf(DEFAULT_DETECTION_CONFIG.hubSla)),
  },
  { additionalProperties: false },
);

const validator = compileValidator(DetectionRulesSchema, 'DETECTION_RULES');

/** Reads `DETECTION_RULES`; throws a message naming the problem when it is not valid. */
export function parseDetectionRules(text: string | undefined): DetectionConfigOverrides {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`DETECTION_RULES is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = validator.parse(json);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value as DetectionConfigOverrides;
}

/** The detection thresholds the server's settings give: `DETECTION_RULES` over the plain ones. */
export function detectionOverrides(settings: {
  /** `DETECTION_RULES`, when set. */
  rules: string | undefined;
  stallAfterS: number;
  offlineAfterS: number;
}): DetectionConfigOverrides {
  const rules = parseDetectionRules(settings.rules);
  return {
    ...rules,
    courier: {
      stallMinutes: settings.stallAfterS / 60,
      offlineSeconds: settings.offlineAfterS,
      ...rules.courier,
    },
  };
}
