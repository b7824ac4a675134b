import type { FastifyPluginAsync } from 'fastify';
import type { Guard } from '../auth/guard';
import type { ConsoleGateway } from '../realtime/console-gateway';
import { roleRoom } from '../realtime/console-rooms';
import type { KpiService } from './kpi-service';
import { kpiRoutes } from './routes';

/** How often supervisors' consoles get fresh KPIs. */
const KPI_PUSH_MS = 30_000;

/**
 * Supervisor KPIs: `GET /api/v1/kpi`, and a `kpi` push to supervisors' and admins' consoles when
 * they connect and every 30 s while any is connected. Dispatchers get neither.
 */
export const kpiPlugin: FastifyPluginAsync<{
  kpi: KpiService;
  guard: Guard;
  consoles: ConsoleGateway;
}> = async (app, { kpi, guard, consoles }) => {
  await app.register(kpiRoutes, { kpi, guard });
  const rooms = [roleRoom('supervisor'), roleRoom('admin')];
  const pushKpi = () => {
    if (!consoles.hasAudience(rooms)) return;
    kpi.snapshot().then(
      (snapshot) => consoles.push(rooms, 'kpi', snapshot),
      (err: unknown) => app.log.error({ err }, 'computing KPIs failed'),
    );
  };
  const timer = setInterval(pushKpi, KPI_PUSH_MS);
  timer.unref();
  consoles.onConnect((user) => {
    if (user.role !== 'dispatcher') pushKpi();
  });
  app.addHook('onClose', async () => clearInterval(timer));
};
