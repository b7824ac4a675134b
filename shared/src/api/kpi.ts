import Type, { type Static } from 'typebox';
import { AlertViewSchema } from './alerts';

/** Supervisor KPIs, computed on the server from stops and events (`GET /api/v1/kpi`, `kpi`). */
export const KpiSnapshotSchema = Type.Object({
  at: Type.Number(),
  /** Delivered within window / delivered, per hour of the day so far (UTC hours). */
  onTimeByHour: Type.Array(
    Type.Object({ hourStart: Type.Number(), delivered: Type.Integer(), onTime: Type.Integer() }),
  ),
  hubs: Type.Array(
    Type.Object({
      hubId: Type.Integer(),
      name: Type.String(),
      onTimeTarget: Type.Number(),
      delivered: Type.Integer(),
      onTime: Type.Integer(),
      late: Type.Integer(),
      atRisk: Type.Integer(),
      open: Type.Integer(),
    }),
  ),
  openBreaches: Type.Array(AlertViewSchema),
  escalations: Type.Array(AlertViewSchema),
});
export type KpiSnapshot = Static<typeof KpiSnapshotSchema>;
