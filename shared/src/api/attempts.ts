import Type, { type Static } from 'typebox';
import { FAILURE_REASONS } from '../domain';

/**
 * Failed attempts and returns: the supervisor's figures of a hub's day, and a courier checking a
 * returned parcel in at its hub. The hubs' re-attempt policies are in `courier-app.ts`.
 */

/** `GET /api/v1/reports/attempts?hubId=`. */
export const AttemptReportQuerySchema = Type.Object(
  { hubId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type AttemptReportQuery = Static<typeof AttemptReportQuerySchema>;

/** A hub's failed attempts and returns today (its local day). */
export const AttemptReportSchema = Type.Object({
  hubId: Type.Integer(),
  /** The hub's local date, `YYYY-MM-DD`. */
  day: Type.String(),
  /** Failed attempts today by the courier's reason code, every code listed (zero included). */
  failedByReason: Type.Array(
    Type.Object({ reasonCode: Type.Enum(FAILURE_REASONS), count: Type.Integer() }),
  ),
  failedTotal: Type.Integer(),
  /**
   * Parcels in a courier's vehicle on their way back: failed parcels whose courier still has
   * stops to do, and customer returns picked up and not yet dropped at the hub.
   */
  onTheWayBack: Type.Integer(),
  /** Failed parcels whose courier has nothing else to do: at or near the hub, to check in. */
  awaitingCheckIn: Type.Integer(),
  /** Parcels checked in (or customer returns dropped off) at the hub today. */
  returnedToday: Type.Integer(),
});
export type AttemptReport = Static<typeof AttemptReportSchema>;

/** `stop:returned`: a courier checking a returning parcel in at its hub. */
export const StopCheckInReportSchema = Type.Object(
  {
    stopId: Type.Integer({ minimum: 1 }),
    /** Device time, epoch ms; the server's clock when absent. */
    t: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The device's idempotency key, as for visits. */
    actionId: Type.Optional(
      Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    ),
  },
  { additionalProperties: false },
);
export type StopCheckInReport = Static<typeof StopCheckInReportSchema>;
