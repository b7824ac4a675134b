import { DispatchApiError, DispatchApi, type ApiCourier } from './api';
import type { SimOptions } from './args';
import { CourierAgent, type AgentEvent } from './courier-agent';
import { CourierLink, type LinkCounters } from './courier-link';
import { CorridorWatch } from './corridor-watch';
import { chooseNetwork } from './fleet-network';
import { mapWithConcurrency, withDeadline } from './concurrency';
import { IncidentLog } from './incident-log';
import { createRng, type Rng } from '../lib/rng';
import { signaturePng } from './signature-png';
import { uploadSignature } from './signature-upload';
import { simulatedVisit } from './visit-outcomes';
import { solarUtcOffsetMinutes } from './world/local-time';
import { createTraffic, mainRoadSites } from './world/traffic';
import type { WorldIncidentOptions } from './world/incidents';
import { createPhoneGps } from './world/phone-gps';
import { phoneGpsPort } from './world/phone-port';
import { streetDensity } from './world/street-density';
import type { Traffic } from './world/types';
import type { StreetNetwork } from '../streets/network';

export interface FleetOptions extends SimOptions {
  /** Where progress and warnings go (default: stdout). */
  log?: (line: string) => void;
  /** A ready street network instead of `osmPath` or a generated grid. */
  network?: StreetNetwork;
  /** Time between movement ticks (default: a quarter second, or less for fast pings). */
  tickMs?: number;
  /** The world's traffic (default: seeded by `seed`, rush hours by the network's local solar time). */
  traffic?: Traffic;
  /** The wall clock couriers live by (default `Date.now`); tests run it faster. */
  clock?: () => number;
}

export interface FleetStats {
  couriers: number;
  connected: number;
  pingsRecorded: number;
  pingsSent: number;
  pingsAcked: number;
  queued: number;
  droppedPings: number;
  batchesRetried: number;
  batchesRejected: number;
  /** The world's incidents under way, over all couriers (several can overlap for one). */
  incidentsActive: number;
  incidentsTotal: number;
}

/** A running simulator. */
export interface SimulatedFleet {
  /** Stops moving, flushes queued pings (waiting at most 3 s for acks), closes sockets and the log. */
  stop(): Promise<void>;
  stats(): FleetStats;
}

interface Member {
  courier: ApiCourier;
  token: string;
  agent: CourierAgent;
  link: CourierLink;
  connectRequested: boolean;
}

const TOKEN_CONCURRENCY = 8;
const FINAL_FLUSH_WAIT_MS = 3000;
const PROBLEM_LOG_INTERVAL_MS = 60_000;
/** How often corridor incidents that have ended are looked for, to log them. */
const CORRIDOR_LOOK_MS = 5000;

/**
 * Logs in, takes over the server's couriers with fresh device tokens and drives them until stopped,
 * in the world: its traffic, its incidents and a phone GPS per courier. Every incident goes into
 * the log as it truly happened; an offline spell takes the courier's connection down meanwhile.
 */
export async function startFleet(options: FleetOptions): Promise<SimulatedFleet> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? Date.now;
  const api = new DispatchApi(options.serverUrl);
  await api.login(options.email, options.password);
  const [allCouriers, hubs] = await Promise.all([api.listCouriers(), api.listHubs()]);
  const chosen = allCouriers
    .filter((c) => c.active)
    .sort((a, b) => a.id - b.id)
    .slice(0, options.couriers ?? undefined);
  const network = options.network ?? (await chooseNetwork(options.osmPath, hubs, chosen));
  log(`network: ${network.nodeCount} nodes, ${network.edgeCount} street segments`);

  const tokens = await mapWithConcurrency(chosen, TOKEN_CONCURRENCY, async (c) => {
    try {
      return await api.rotateDeviceToken(c.id);
    } catch (err) {
      log(
        `courier ${c.id}: no device token (${err instanceof DispatchApiError ? err.message : String(err)}); skipped`,
      );
      return null;
    }
  });
  const incidentLog = await IncidentLog.open(options.incidentLogPath);

  const counters: LinkCounters = {
    pingsSent: 0,
    pingsAcked: 0,
    batchesRetried: 0,
    batchesRejected: 0,
  };
  let incidentsTotal = 0;
  const problems = new Map<string, { count: number; loggedAtMs: number }>();
  const report = (problem: string): void => {
    const now = Date.now(); // real time: for people reading the log
    const seen = problems.get(problem);
    if (!seen) {
      problems.set(problem, { count: 1, loggedAtMs: now });
      log(`warning: ${problem}`);
      return;
    }
    seen.count++;
    // Repeats (often the same problem on every courier) are summed up once a minute.
    if (now - seen.loggedAtMs > PROBLEM_LOG_INTERVAL_MS) {
      seen.loggedAtMs = now;
      log(`warning: ${problem} (x${seen.count} so far)`);
    }
  };

  const rootRng = createRng(options.seed);
  const hubById = new Map(hubs.map((h) => [h.id, h]));
  const { south, north, west, east } = network.bbox;
  const centre = { lat: (south + north) / 2, lng: (west + east) / 2 };
  const traffic =
    options.traffic ??
    createTraffic({
      seed: options.seed,
      utcOffsetMinutes: solarUtcOffsetMinutes(centre.lng),
      incidentSites: mainRoadSites(network),
      bbox: network.bbox,
    });
  const worldIncidents: WorldIncidentOptions = {
    rates: options.incidentRates,
    lunch: options.lunch,
    utcOffsetMinutes: solarUtcOffsetMinutes(centre.lng),
  };
  const density = streetDensity(network);
  const startMs = clock();
  const corridors = new CorridorWatch(traffic, startMs);
  let corridorLookMs = startMs;
  const members: Member[] = [];
  chosen.forEach((courier, i) => {
    const token = tokens[i];
    if (!token) return;
    const rng = rootRng.fork(`courier:${courier.id}`);
    const hub = courier.hubId === null ? undefined : hubById.get(courier.hubId);
    const agent = new CourierAgent({
      courierId: courier.id,
      vehicle: courier.vehicle,
      network,
      start: courier.lastFix ?? hub ?? centre,
      startMs,
      seqBase: Date.now(), // see CourierAgentOptions.seqBase: survives restarts of the simulator
      rng,
      pingIntervalMs: options.pingIntervalMs,
      speedup: options.speedup,
      traffic,
      worldIncidents,
      phone: phoneGpsPort(createPhoneGps(rng.fork('phone')), density),
    });
    const link = new CourierLink({
      serverUrl: options.serverUrl,
      token,
      agent,
      batchMs: options.batchMs,
      counters,
      rng: rng.fork('link'),
      now: clock,
      report,
    });
    members.push({ courier, token, agent, link, connectRequested: false });
  });
  log(`driving ${members.length} of ${allCouriers.length} couriers`);

  const failRng = rootRng.fork('visits');
  /**
   * A few attempts fail, as on a real day (mostly nobody home); deliveries name who took the
   * parcel, and a share carry the recipient's signature, uploaded first. Pickups are just done.
   */
  const completeVisit = (member: Member, event: { stopId: number; atMs: number }, rng: Rng) => {
    const { stopId, atMs: t } = event;
    const visit = simulatedVisit(rng);
    const pickup = member.agent.stopKind(stopId) !== 'delivery';
    if (visit.outcome === 'failed') {
      const { reasonCode, note } = visit;
      const report = { stopId, t, reasonCode, ...(note ? { note } : {}) };
      member.link.reportStop({ event: 'stop:failed', report });
    } else if (pickup) {
      member.link.reportStop({ event: 'stop:delivered', report: { stopId, t } });
    } else if (!visit.signed) {
      const proof = { recipientName: visit.recipientName };
      member.link.reportStop({ event: 'stop:delivered', report: { stopId, t, proof } });
    } else {
      const png = signaturePng(rng);
      uploadSignature(options.serverUrl, member.token, stopId, png).then(
        (signatureId) => {
          const proof = { recipientName: visit.recipientName, signatureId };
          member.link.reportStop({ event: 'stop:delivered', report: { stopId, t, proof } });
        },
        (err: unknown) => {
          report(`a signature upload failed: ${err instanceof Error ? err.message : String(err)}`);
          const proof = { recipientName: visit.recipientName };
          member.link.reportStop({ event: 'stop:delivered', report: { stopId, t, proof } });
        },
      );
    }
  };

  const handle = (member: Member, event: AgentEvent): void => {
    switch (event.type) {
      case 'world_incident_started':
        incidentsTotal++;
        // No network (or the phone off): the agent keeps (or stops) recording; nothing goes out.
        if (event.incident.kind === 'offline') member.link.goOffline();
        break;
      case 'world_incident_ended':
        incidentLog.write(event.incident);
        if (event.incident.kind === 'offline' && !member.agent.offline && member.connectRequested) {
          member.link.goOnline();
        }
        break;
      case 'status_changed':
        member.link.sendStatus(event.status);
        break;
      case 'set_off':
        // As the courier app does on "Navigate": the customer's page shows the parcel on its way.
        member.link.reportStop({
          event: 'stop:en_route',
          report: { stopId: event.stopId, t: event.atMs },
        });
        break;
      case 'arrived':
        member.link.reportStop({
          event: 'stop:arrived',
          report: { stopId: event.stopId, t: event.atMs },
        });
        break;
      case 'departed':
        completeVisit(member, event, failRng);
        break;
      case 'reached_hub':
        // The courier checks the parcel it brought back in at the hub itself.
        member.link.reportStop({
          event: 'stop:returned',
          report: { stopId: event.stopId, t: event.atMs },
        });
        break;
      case 'pings_dropped':
        report('a ping queue is full (20k fixes unacknowledged): dropping the oldest fixes');
        break;
      default:
        break;
    }
  };

  const tick = (): void => {
    const now = clock();
    for (const member of members) {
      for (const event of member.agent.tick(now)) handle(member, event);
      member.link.maybeFlush(now);
    }
    if (now - corridorLookMs >= CORRIDOR_LOOK_MS) {
      corridorLookMs = now;
      for (const incident of corridors.ended(now)) incidentLog.writeCorridor(incident);
    }
  };
  const tickMs = options.tickMs ?? Math.max(20, Math.min(250, options.pingIntervalMs));
  const ticker = setInterval(tick, tickMs);

  // Spread connections over up to 5 s so a big fleet does not knock all at once.
  const staggerMs = members.length > 0 ? Math.min(50, 5000 / members.length) : 0;
  const connectTimers = members.map((member, i) =>
    setTimeout(() => {
      member.connectRequested = true;
      if (!member.agent.offline) member.link.connect();
    }, i * staggerMs),
  );

  let stopping: Promise<void> | null = null;
  const stop = async (): Promise<void> => {
    clearInterval(ticker);
    connectTimers.forEach(clearTimeout);
    const now = clock();
    for (const member of members) member.link.maybeFlush(now, true);
    await withDeadline(Promise.all(members.map((m) => m.link.whenSettled())), FINAL_FLUSH_WAIT_MS);
    for (const member of members) {
      member.link.close();
      for (const open of member.agent.world?.scheduler.interruptAll(now) ?? []) {
        incidentLog.write(open);
      }
    }
    for (const incident of corridors.interruptAll(now)) incidentLog.writeCorridor(incident);
    await incidentLog.close();
  };

  return {
    stop: () => (stopping ??= stop()),
    stats: () => ({
      couriers: members.length,
      connected: members.filter((m) => m.link.connected).length,
      pingsRecorded: sum(members, (m) => m.agent.recordedCount),
      pingsSent: counters.pingsSent,
      pingsAcked: counters.pingsAcked,
      queued: sum(members, (m) => m.agent.queue.size),
      droppedPings: sum(members, (m) => m.agent.queue.droppedTotal),
      batchesRetried: counters.batchesRetried,
      batchesRejected: counters.batchesRejected,
      incidentsActive: sum(members, (m) => m.agent.world?.scheduler.active.length ?? 0),
      incidentsTotal,
    }),
  };
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((total, item) => total + f(item), 0);
}
