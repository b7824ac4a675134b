import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { PluginDeps } from './app-plugins';
import type { Config } from './config';
import type { Database } from './db/client';
import type { DomainBus } from './events/bus';
import { createCustomerChannels } from './notifications/customer-channels';
import { DeliveryStore } from './notifications/delivery-store';
import { DEFAULT_SENDER_SIZES, NotificationSender } from './notifications/notification-sender';
import { notificationsPlugin } from './notifications/plugin';
import { DEFAULT_BACKOFF } from './notifications/retry-schedule';
import { httpWebhookTransport } from './notifications/webhook-transport';
import { parseTrustProxy } from './http/client-address';
import { ordersPlugin } from './orders/plugin';
import { notificationConsoleRoutes } from './notifications/console-routes';
import { TrackingLinks } from './tracking/tracking-links';
import { trackingPlugin } from './tracking/plugin';
import { TrackingTokens } from './tracking/tracking-tokens';

/**
 * The customer side: shops' orders, tracking links and pages, and notifications drained from the
 * stops' outbox. Built after the records and the live picture, started after the loops, stopped
 * before the database closes.
 */
export interface CustomerSide {
  links: TrackingLinks;
  /** Drains the stops' outbox to webhooks, email and SMS. */
  notifications: NotificationSender;
  /** Sets where customers reach the server when PUBLIC_URL is unset (the bound port). */
  setListeningPort(port: number): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CustomerSideDeps {
  config: Config;
  db: Database;
  bus: DomainBus;
  log: FastifyBaseLogger;
}

export async function buildCustomerSide(deps: CustomerSideDeps): Promise<CustomerSide> {
  const { config, db } = deps;
  let port = config.PORT;
  const baseUrl = () => config.PUBLIC_URL ?? `http://localhost:${port}`;
  const tokens = await TrackingTokens.load(db.orm, config.TRACKING_SECRET);
  const links = new TrackingLinks(db.orm, tokens, baseUrl);
  const notifications = new NotificationSender(
    {
      queue: new DeliveryStore(db),
      channels: createCustomerChannels(config, deps.log),
      webhooks: httpWebhookTransport(config.WEBHOOK_TIMEOUT_MS),
      links,
      clock: Date.now,
      random: Math.random,
      log: deps.log,
    },
    {
      ...DEFAULT_SENDER_SIZES,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      retry: { ...DEFAULT_BACKOFF, retryPeriodMs: config.NOTIFY_RETRY_MINUTES * 60_000 },
      userAgent: 'Dispatch-Webhooks/1',
    },
  );
  let stopWaking: (() => void)[] = [];
  return {
    links,
    notifications,
    setListeningPort(bound) {
      port = bound;
    },
    async start() {
      notifications.start();
      // A change made here is sent at once, not at the next poll (which finds other servers' changes).
      const wake = () => notifications.wake();
      stopWaking = [deps.bus.on('stops:changed', wake), deps.bus.on('etas:changed', wake)];
    },
    async stop() {
      for (const off of stopWaking.splice(0)) off();
      await notifications.stop();
    },
  };
}

/** Registers the customer side's plugins and its `/track` namespace. */
export async function registerCustomerPlugins(
  http: FastifyInstance,
  io: Server,
  deps: PluginDeps & { customers: CustomerSide },
): Promise<void> {
  void io;
  void deps;
  await http.register(ordersPlugin, {
    orm: deps.db.orm,
    guard: deps.guard,
    stops: deps.stops,
    links: deps.customers.links,
  });
  await http.register(trackingPlugin, {
    io,
    orm: deps.db.orm,
    bus: deps.bus,
    guard: deps.guard,
    links: deps.customers.links,
    fleet: deps.fleet,
    streets: deps.streets,
    mapStyleUrl: deps.config.MAP_STYLE_URL ?? null,
    trustProxy: parseTrustProxy(deps.config.TRUST_PROXY),
  });
  await http.register(notificationConsoleRoutes, {
    orm: deps.db.orm,
    links: deps.customers.links,
    guard: deps.guard,
  });
  const { notifications } = deps.customers;
  await http.register(notificationsPlugin, {
    db: deps.db,
    guard: deps.guard,
    sender: notifications,
  });
  deps.metrics.sources.notifications = () => notifications.counts;
  deps.metrics.sources.notificationQueue = () => notifications.queueDepth();
}
