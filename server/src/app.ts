import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { PROTOCOL_VERSION } from '@dispatch/shared';
import { alertRoutes } from './alerts/routes';
import { authRoutes } from './auth/routes';
import type { Config } from './config';
import { courierRoutes } from './couriers/routes';
import { ensurePingPartitions } from './db/migrate';
import { dispatchRoutes } from './dispatch/routes';
import { installErrorHandler } from './http/errors';
import { validatorCompiler } from './http/validation';
import { hubRoutes } from './hubs/routes';
import { attachCourierNamespace } from './ingest/courier-socket';
import { pingRoutes } from './ingest/http-routes';
import { buildOsmAndServer } from './ingest/osmand-server';
import { kpiRoutes } from './kpi/routes';
import { mapRoutes } from './map/routes';
import { opsRoutes } from './ops/routes';
import { attachConsoleActions } from './realtime/console-actions';
import { attachConsoleNamespace } from './realtime/console-socket';
import { createServices, type Services } from './services';
import { stopRoutes } from './stops/routes';
import type { StreetNetwork } from './streets/network';

/** A running server: the HTTP app with Socket.IO, the OsmAnd listener, and the services. */
export interface App {
  http: FastifyInstance;
  osmand: FastifyInstance;
  io: Server;
  services: Services;
  /** Listens on the configured ports (0 = any free port) and returns the bound ones. */
  listen(): Promise<{ port: number; osmandPort: number }>;
  /** Graceful shutdown: stop taking work, flush buffered pings, close the database. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** The street network to draw on the console's offline map (the simulator's grid or an OSM extract). */
  streets?: StreetNetwork | null;
  /** A real road network (an OSM extract): ETAs follow its streets instead of straight lines. */
  roads?: StreetNetwork | null;
  /** Registers more routes after the product's (tests add routes that inject alerts and suggestions). */
  extend?: (http: FastifyInstance, services: Services) => Promise<void>;
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const http = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  http.setValidatorCompiler(validatorCompiler);
  installErrorHandler(http);

  const services = await createServices(config, http.log, { roads: options.roads ?? null });
  const maintenance = setInterval(() => {
    ensurePingPartitions(services.db).catch((err: unknown) =>
      http.log.error({ err }, 'creating ping partitions failed'),
    );
    services.auth
      .purgeExpiredSessions()
      .catch((err: unknown) => http.log.error({ err }, 'purging sessions failed'));
  }, 3600_000);
  maintenance.unref();
  const offlineSweep = setInterval(() => {
    services.fleet.markSilentOffline(Date.now(), config.OFFLINE_AFTER_S * 1000);
  }, 5000);
  offlineSweep.unref();

  http.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });
  await http.register(cookie);
  await http.register(swagger, {
    openapi: {
      info: { title: 'Dispatch control tower API', version: `protocol ${PROTOCOL_VERSION}` },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sid' },
          deviceToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }],
    },
  });
  await http.register(swaggerUi, { routePrefix: '/docs' });
  await http.register(opsRoutes, { services });
  await http.register(authRoutes, { services });
  await http.register(hubRoutes, { services });
  await http.register(courierRoutes, { services });
  await http.register(stopRoutes, { services });
  await http.register(pingRoutes, { services });
  await http.register(alertRoutes, { services });
  await http.register(dispatchRoutes, { services });
  await http.register(kpiRoutes, { services });
  await http.register(mapRoutes, { services, streets: options.streets ?? null });
  if (options.extend) await options.extend(http, services);
  if (existsSync(config.WEB_DIR)) {
    await http.register(fastifyStatic, { root: config.WEB_DIR, wildcard: false });
    // Client-side routes of the console fall back to its shell.
    http.get('/*', (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }

  const io = new Server(http.server, {
    // Room for an oversized message to arrive and be refused with a typed error, not a dropped link.
    maxHttpBufferSize: 2 * 1024 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    cors: { origin: false },
  });
  attachCourierNamespace(io, services, http.log);
  const consoleStream = attachConsoleNamespace(io, services, http.log);
  const stopConsoleActions = attachConsoleActions(consoleStream.nsp, services, http.log);
  const osmand = buildOsmAndServer(services, http.log);

  let closed = false;
  return {
    http,
    osmand,
    io,
    services,
    async listen() {
      await http.listen({ port: config.PORT, host: config.HOST });
      await osmand.listen({ port: config.OSMAND_PORT, host: config.HOST });
      const port = (http.server.address() as { port: number }).port;
      const osmandPort = (osmand.server.address() as { port: number }).port;
      return { port, osmandPort };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(maintenance);
      clearInterval(offlineSweep);
      consoleStream.stop();
      stopConsoleActions();
      await osmand.close();
      // Refuse new batches, then write what devices are waiting on before the sockets go.
      await services.writer.close();
      await services.triggers.stop();
      await services.planner.close();
      await services.monitor.stop();
      await io.close();
      await http.close();
      await services.db.close();
    },
  };
}
