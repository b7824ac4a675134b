import Type, { type Static } from 'typebox';
import { VEHICLES } from '../domain';
import { Nullable } from './common';

/** `?date=YYYY-MM-DD`: a day in the hub's time zone (today there when absent). */
export const ReportQuerySchema = Type.Object(
  { date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuerySchema>;

/** One courier's day at a hub. */
export const CourierDayRowSchema = Type.Object({
  courierId: Type.Integer(),
  name: Type.String(),
  vehicle: Type.Enum(VEHICLES),
  /** Stops of the day on the courier's route, in any state, and stops it failed that day. */
  stops: Type.Integer(),
  /** Deliveries plus failed attempts (picked up counts as delivered). */
  done: Type.Integer(),
  delivered: Type.Integer(),
  /** Failed attempts the courier made that day, whatever became of the stop since. */
  failed: Type.Integer(),
  /** Delivered within the window. */
  onTime: Type.Integer(),
  /** onTime / delivered; null with nothing delivered. */
  onTimeShare: Nullable(Type.Number()),
  /** Sum of the distances between consecutive fixes of the day, jumps over 200 km/h left out. */
  km: Type.Number(),
  /** Minutes on shift standing still with stops left to do, time at a stop not counted. */
  idleMinutes: Type.Number(),
});
export type CourierDayRow = Static<typeof CourierDayRowSchema>;

/** `GET /api/v1/hubs/:id/couriers-report`. */
export const CourierDayReportSchema = Type.Object({
  hubId: Type.Integer(),
  hubName: Type.String(),
  date: Type.String(),
  timezone: Type.String(),
  couriers: Type.Array(CourierDayRowSchema),
});
export type CourierDayReport = Static<typeof CourierDayReportSchema>;
