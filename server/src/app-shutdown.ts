import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';

type Closable = { close(): Promise<unknown> };
type Stoppable = { stop(): void };
type AsyncStoppable = { stop(): Promise<unknown> };

/** The running parts `shutDown` closes, in the order it closes them. */
export interface RunningParts {
  devices: { refuseConnections(): void };
  ingest: { stopTaking(): void };
  cluster: { drain(): Promise<void>; close(): Promise<void> };
  stopMaintenance: () => void;
  consoles: Stoppable;
  escalation: Stoppable;
  customers: AsyncStoppable;
  osmand: Closable;
  metricsListener: Closable | null;
  writer: Closable;
  triggers: AsyncStoppable;
  planner: Closable;
  detection: AsyncStoppable;
  failedAttempts: Stoppable;
  reattempts: Stoppable & { settled(): Promise<unknown> };
  customerReturns: Stoppable & { settled(): Promise<unknown> };
  rosterSync: Stoppable;
  eta: AsyncStoppable;
  io: Server;
  http: FastifyInstance;
  db: Closable;
}

/**
 * Shuts a node down without losing what it acknowledged: new devices and batches go to another
 * node, its hubs are handed over at once, the loops stop, the ping buffer is written and acked
 * while the sockets are still open, then the transports and the database close.
 */
export async function shutDown(parts: RunningParts): Promise<void> {
  // Devices connect to another node; batches already taken are still stored and acked.
  parts.devices.refuseConnections();
  parts.ingest.stopTaking();
  // Another node takes this node's hubs at once, before the rest shuts down.
  await parts.cluster.drain();
  parts.stopMaintenance();
  parts.consoles.stop();
  parts.escalation.stop();
  await parts.customers.stop();
  await parts.osmand.close();
  await parts.metricsListener?.close();
  // Refuse new batches, then write what devices are waiting on before the sockets go.
  await parts.writer.close();
  await parts.triggers.stop();
  await parts.planner.close();
  await parts.detection.stop();
  parts.failedAttempts.stop();
  parts.reattempts.stop();
  parts.customerReturns.stop();
  await Promise.all([parts.reattempts.settled(), parts.customerReturns.settled()]);
  parts.rosterSync.stop();
  await parts.eta.stop();
  await parts.io.close();
  await parts.cluster.close();
  await parts.http.close();
  await parts.db.close();
}
