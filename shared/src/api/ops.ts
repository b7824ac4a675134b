import Type, { type Static } from 'typebox';

/** `GET /healthz`: the process is up. */
export const HealthSchema = Type.Object({ status: Type.Literal('ok') });
export type Health = Static<typeof HealthSchema>;

/** `GET /readyz` 200: the database answers and every migration is applied. */
export const ReadySchema = Type.Object({
  status: Type.Literal('ready'),
  database: Type.String(),
  /** The node that answered (its NODE_NAME), and whether it is one of a cluster (Redis answered). */
  node: Type.String(),
  redis: Type.Optional(Type.Literal('ready')),
});
export type Ready = Static<typeof ReadySchema>;

/** `GET /readyz` 503: why the server is not ready. */
export const NotReadySchema = Type.Object({
  status: Type.Literal('not_ready'),
  reason: Type.String(),
});
export type NotReady = Static<typeof NotReadySchema>;
