import Type, { type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import { VisitProofSchema } from './api/courier-app';
import { FAILURE_REASONS } from './domain';
import type { WireError } from './errors';

/** Limits on what a device may send in one message. */
export const PING_LIMITS = {
  maxPingsPerBatch: 500,
  maxBatchBytes: 64 * 1024,
  /** How far in the future a device clock may be before its fixes are refused. */
  maxFutureMs: 5 * 60 * 1000,
} as const;

/** One GPS fix as a device sends it. */
export const PingSchema = Type.Object(
  {
    seq: Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Per-device increasing sequence number',
    }),
    t: Type.Integer({ minimum: 0, description: 'Device time, epoch milliseconds' }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    acc: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100_000, description: 'Accuracy radius, metres' }),
    ),
    spd: Type.Optional(Type.Number({ minimum: 0, maximum: 150, description: 'Speed, m/s' })),
    hdg: Type.Optional(
      Type.Number({ minimum: 0, maximum: 360, description: 'Heading, degrees from north' }),
    ),
    bat: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Battery level, 0..1' })),
  },
  { additionalProperties: false },
);
export type Ping = Static<typeof PingSchema>;

/** A batch of fixes from one device; the device is known from its token, never from the payload. */
export const PingBatchSchema = Type.Object(
  { pings: Type.Array(PingSchema, { minItems: 1, maxItems: PING_LIMITS.maxPingsPerBatch }) },
  { additionalProperties: false },
);
export type PingBatch = Static<typeof PingBatchSchema>;

/** What a console is looking at: map bounds `[west, south, east, north]` or res-5 cells. */
export const ViewRequestSchema = Type.Object(
  {
    bounds: Type.Optional(
      Type.Tuple([
        Type.Number({ minimum: -180, maximum: 180 }),
        Type.Number({ minimum: -90, maximum: 90 }),
        Type.Number({ minimum: -180, maximum: 180 }),
        Type.Number({ minimum: -90, maximum: 90 }),
      ]),
    ),
    cells: Type.Optional(
      Type.Array(Type.String({ minLength: 15, maxLength: 15 }), { maxItems: 500 }),
    ),
  },
  { additionalProperties: false },
);
export type ViewRequest = Static<typeof ViewRequestSchema>;

/** A compiled validator that turns the first problems into a typed `invalid` error. */
export interface Validator<T> {
  check(value: unknown): value is T;
  /** Returns the value typed, or a wire error naming up to five problems. */
  parse(value: unknown): { ok: true; value: T } | { ok: false; error: WireError };
}

/**
 * Whether validators may be generated code (`new Function`): on Node. In browsers the console's
 * content security policy forbids evaluating strings, so there they check the schema directly
 * (TypeBox would fall back by itself, but only after a refused try the page reports).
 */
const GENERATED_VALIDATORS =
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ===
  'string';

export function compileValidator<S extends TSchema>(schema: S, what: string): Validator<Static<S>> {
  const compiled = GENERATED_VALIDATORS
    ? Compile(schema)
    : {
        Check: (value: unknown) => Value.Check(schema, value),
        Errors: (value: unknown) => Value.Errors(schema, value),
      };
  return {
    check: (value): value is Static<S> => compiled.Check(value),
    parse(value) {
      if (compiled.Check(value)) return { ok: true, value: value as Static<S> };
      const details: { path: string; message: string }[] = [];
      for (const e of compiled.Errors(value)) {
        if (e.keyword === 'boolean') continue;
        details.push({ path: e.instancePath || '/', message: e.message });
        if (details.length >= 5) break;
      }
      const first = details[0];
      const message = first ? `${what}: ${first.path} ${first.message}` : `${what} is malformed`;
      return { ok: false, error: { code: 'invalid', message, details } };
    },
  };
}

/** A courier reporting on a stop of its route (`stop:arrived|delivered|failed`). */
export const StopVisitReportSchema = Type.Object(
  {
    stopId: Type.Integer({ minimum: 1 }),
    /** Device time, epoch ms; the server's clock when absent. */
    t: Type.Optional(Type.Integer({ minimum: 0 })),
    /**
     * The device's idempotency key for this action: a report sent again with the same key (an
     * offline queue resending after a lost ack) answers as the first did and changes nothing.
     */
    actionId: Type.Optional(
      Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    ),
    /** `stop:failed`: why the attempt failed; `other` needs a note. */
    reasonCode: Type.Optional(Type.Enum(FAILURE_REASONS)),
    /** `stop:failed`, free text (older devices); read as `other` with this note. */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** The courier's note on a delivery or a failed attempt. */
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** `stop:delivered`: proof of delivery; `stop:failed`: an optional photo in `photoIds`. */
    proof: Type.Optional(VisitProofSchema),
  },
  { additionalProperties: false },
);
export type StopVisitReport = Static<typeof StopVisitReportSchema>;

/** A console acknowledging an alert (`alert:ack`). */
export const AlertAckRequestSchema = Type.Object(
  { alertId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type AlertAckRequest = Static<typeof AlertAckRequestSchema>;

/** A console accepting or rejecting a suggestion (`suggestion:accept|reject`). */
export const SuggestionDecisionSchema = Type.Object(
  { suggestionId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type SuggestionDecision = Static<typeof SuggestionDecisionSchema>;

export const pingBatchValidator = compileValidator(PingBatchSchema, 'ping batch');
export const viewRequestValidator = compileValidator(ViewRequestSchema, 'view');

/**
 * Validates a ping batch at a trust boundary: count, size, schema, then device clock.
 * `bytes` is the size of the message as received, when the transport knows it.
 */
export function validatePingBatch(
  payload: unknown,
  nowMs: number,
  bytes?: number,
): { ok: true; pings: Ping[] } | { ok: false; error: WireError } {
  if (bytes !== undefined && bytes > PING_LIMITS.maxBatchBytes) {
    return {
      ok: false,
      error: {
        code: 'too_large',
        message: `message is ${bytes} bytes; the limit is ${PING_LIMITS.maxBatchBytes}`,
      },
    };
  }
  if (typeof payload === 'object' && payload !== null && 'pings' in payload) {
    const list = (payload as { pings: unknown }).pings;
    if (Array.isArray(list) && list.length > PING_LIMITS.maxPingsPerBatch) {
      return {
        ok: false,
        error: {
          code: 'too_large',
          message: `batch has ${list.length} pings; the limit is ${PING_LIMITS.maxPingsPerBatch}`,
        },
      };
    }
  }
  if (
    typeof payload === 'object' &&
    payload !== null &&
    ('courierId' in payload || 'deviceId' in payload)
  ) {
    return {
      ok: false,
      error: {
        code: 'forbidden',
        message: 'a device reports only for itself; courierId/deviceId are not accepted in a batch',
      },
    };
  }
  const parsed = pingBatchValidator.parse(payload);
  if (!parsed.ok) return parsed;
  const latest = nowMs + PING_LIMITS.maxFutureMs;
  const pings = parsed.value.pings;
  for (let i = 0; i < pings.length; i++) {
    const ping = pings[i]!;
    if (ping.t > latest) {
      return {
        ok: false,
        error: {
          code: 'invalid',
          message: `ping ${i} (seq ${ping.seq}) is ${Math.round((ping.t - nowMs) / 1000)} s in the future; the device clock may be off`,
          details: [{ path: `/pings/${i}/t`, message: 'more than 5 minutes in the future' }],
        },
      };
    }
  }
  return { ok: true, pings };
}
