import type { FastifyBaseLogger } from 'fastify';
import Type from 'typebox';
import { DomainError, compileValidator, type Ack, type WireError } from '@dispatch/shared';
import { ReassignRequestBody } from '../dispatch/routes';
import type { Services } from '../services';
import { alertAudience } from './console-rooms';
import type { ConsoleNamespace } from './console-socket';

/** How often supervisors' consoles get fresh KPIs. */
const KPI_PUSH_MS = 30_000;

const AlertAck = compileValidator(
  Type.Object({ alertId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  'alert:ack',
);
const SuggestionDecision = compileValidator(
  Type.Object({ suggestionId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  'suggestion decision',
);
const Reassign = compileValidator(ReassignRequestBody, 'stop:reassign');

function toWire(err: unknown, log: FastifyBaseLogger): WireError {
  if (err instanceof DomainError) return err.toWire();
  log.error({ err }, 'console action failed');
  return { code: 'internal', message: 'internal error' };
}

/**
 * What a console can do over its socket (the same as the REST routes, with typed acks), and
 * the pushes of changes made by anyone.
 */
export function attachConsoleActions(
  nsp: ConsoleNamespace,
  services: Services,
  log: FastifyBaseLogger,
): () => void {
  const { alerts, suggestions, reassign, bus, couriers } = services;

  nsp.on('connection', (socket) => {
    const userId = socket.data.user.id;
    /** Runs a validated action and answers its ack with the result or a typed error. */
    const act =
      <T, R extends object>(
        validator: { parse(v: unknown): { ok: true; value: T } | { ok: false; error: WireError } },
        run: (input: T) => Promise<R>,
      ) =>
      (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (res: Ack<R>) => void) : () => {};
        const parsed = validator.parse(payload);
        if (!parsed.ok) return reply({ ok: false, error: parsed.error });
        run(parsed.value).then(
          (result) => reply({ ok: true, ...result }),
          (err: unknown) => reply({ ok: false, error: toWire(err, log) }),
        );
      };

    socket.on(
      'alert:ack',
      act(AlertAck, async ({ alertId }) => ({ alert: await alerts.acknowledge(alertId, userId) })),
    );
    socket.on(
      'suggestion:accept',
      act(SuggestionDecision, async ({ suggestionId }) => ({
        result: await suggestions.accept(suggestionId, userId),
      })),
    );
    socket.on(
      'suggestion:reject',
      act(SuggestionDecision, async ({ suggestionId }) => ({
        suggestion: await suggestions.reject(suggestionId, userId),
      })),
    );
    socket.on(
      'stop:reassign',
      act(Reassign, async (request) => ({
        result: await reassign.reassign(request, { type: 'user', id: userId }),
      })),
    );
  });

  const pushKpi = () => {
    const rooms = ['role:supervisor', 'role:admin'];
    if (!rooms.some((r) => nsp.adapter.rooms.has(r))) return;
    services.kpi.snapshot().then(
      (snapshot) => nsp.to(rooms).emit('kpi', snapshot),
      (err: unknown) => log.error({ err }, 'computing KPIs failed'),
    );
  };
  const kpiTimer = setInterval(pushKpi, KPI_PUSH_MS);
  kpiTimer.unref();
  nsp.on('connection', (socket) => {
    if (socket.data.user.role !== 'dispatcher') pushKpi();
  });

  bus.on('alert:changed', (alert) => nsp.to(alertAudience(alert)).emit('alert:changed', alert));
  bus.on('suggestion:changed', (suggestion) => nsp.emit('suggestion:changed', suggestion));
  bus.on('stops:changed', (changes) => nsp.emit('stop:changed', changes));
  bus.on('etas:changed', (changes) => nsp.emit('stop:changed', changes));
  bus.on('routes:changed', (courierIds) => {
    couriers.list({ ids: courierIds }).then(
      (rows) => {
        for (const c of rows)
          nsp.emit('route:changed', { courierId: c.id, version: c.routeVersion });
      },
      (err: unknown) => log.error({ err }, 'could not announce route changes'),
    );
  });
  return () => clearInterval(kpiTimer);
}
