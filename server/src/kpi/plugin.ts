import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import {
  EVERY_HUB,
  assertInHubScope,
  inHubScope,
  scopeCondition,
  type HubScope,
} from '../auth/hub-scope';
import type { ConsoleGateway } from '../realtime/console-gateway';
import { roleHubRoom } from '../realtime/console-rooms';
import type { KpiService } from './kpi-service';
import { kpiRoutes } from './routes';

/** How often supervisors' consoles get fresh KPIs. */
const KPI_PUSH_MS = 30_000;

/** Who gets KPIs. */
const KPI_ROLES: readonly Role[] = ['supervisor', 'admin'];

/** The scope of the consoles bound to `hubId` (every hub for null), for figures the server pushes. */
function pushScope(hubId: number | null): HubScope {
  if (hubId === null) return EVERY_HUB;
  const user = { hubId };
  return {
    hubId,
    has: (of) => inHubScope(user, of),
    assert: (of, subject) =>
      assertInHubScope(
        user,
        of,
        subject.id === null ? subject.type : `${subject.type} ${subject.id}`,
      ),
    condition: (column) => scopeCondition(user, column),
    resolve: (asked) => {
      if (asked !== undefined) assertInHubScope(user, asked, `hub ${asked}`);
      return asked ?? hubId;
    },
  };
}

/**
 * Supervisor KPIs: `GET /api/v1/kpi`, and a `kpi` push to supervisors' and admins' consoles when
 * they connect and every 30 s while any is connected, each with the figures of their hub (every
 * hub for users bound to none). Dispatchers get neither.
 */
export const kpiPlugin: FastifyPluginAsync<{
  kpi: KpiService;
  guard: Guard;
  consoles: ConsoleGateway;
}> = async (app, { kpi, guard, consoles }) => {
  await app.register(kpiRoutes, { kpi, guard });
  const pushKpi = (hubId: number | null) => {
    const rooms = KPI_ROLES.map((role) => roleHubRoom(role, hubId));
    if (!consoles.hasAudience(rooms)) return;
    kpi.snapshot(Date.now(), pushScope(hubId)).then(
      (snapshot) => consoles.push(rooms, 'kpi', snapshot),
      (err: unknown) => app.log.error({ err, hubId }, 'computing KPIs failed'),
    );
  };
  const timer = setInterval(() => {
    for (const hubId of consoles.hubsWatchedBy(KPI_ROLES)) pushKpi(hubId);
  }, KPI_PUSH_MS);
  timer.unref();
  consoles.onConnect((user) => {
    if (KPI_ROLES.includes(user.role)) pushKpi(user.hubId);
  });
  app.addHook('onClose', async () => clearInterval(timer));
};
