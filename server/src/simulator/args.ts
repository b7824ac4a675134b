import { parseArgs } from 'node:util';
import type { WorldIncidentRates } from './world/incidents';

/** Everything the simulator process is told on its command line. */
export interface SimOptions {
  serverUrl: string;
  email: string;
  password: string;
  /** How many of the server's active couriers to drive; null for all. */
  couriers: number | null;
  osmPath: string | null;
  seed: number;
  /** Movement runs this many times faster than real time; fix times, dwells and incidents do not. */
  speedup: number;
  pingIntervalMs: number;
  batchMs: number;
  /** The world's incidents (`world/incidents.ts`): expected starts per courier per hour, by kind. */
  incidentRates: WorldIncidentRates;
  /** One lunch break per courier between 11:30 and 13:30 local solar time. */
  lunch: boolean;
  incidentLogPath: string;
  /** Stop after this long; null to run until stopped. */
  durationS: number | null;
}

export const SIM_USAGE = `Fleet simulator: drives the server's couriers over a street network.

  pnpm sim [options]

  --server URL            server base URL (default http://127.0.0.1:3000)
  --email EMAIL           dispatcher/admin login (default $SIM_EMAIL)
  --password PASSWORD     (default $SIM_PASSWORD)
  --couriers N            drive only the first N active couriers (default all)
  --osm FILE              OSM XML street network (.osm or .osm.gz); default a generated grid
  --seed N                random seed (default 1)
  --speedup X             movement X times faster than real time (default 1)
  --ping-interval-ms MS   time between GPS fixes (default 1000)
  --batch-ms MS           time between ping batches (default 2000)
  --stop-rate R           unplanned stops per courier per hour (default 0.05; 0 disables)
  --crawl-rate R          crawls (creeping at walking pace) per courier per hour (default 0.03)
  --phone-left-rate R     phone left in the parked vehicle, per courier per hour (default 0.02)
  --offline-rate R        offline spells per courier per hour (default 0.04; a third phone off)
  --lunch                 one lunch break per courier, 11:30-13:30 local (default none)
  --incident-log FILE     JSONL incident log (default .data/sim-incidents.jsonl)
  --duration-s S          stop after S seconds (default: run until SIGINT/SIGTERM)
  --help`;

/** Parses and validates argv (without the node and script entries); throws a readable Error. */
export function parseSimArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SimOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      server: { type: 'string', default: 'http://127.0.0.1:3000' },
      email: { type: 'string' },
      password: { type: 'string' },
      couriers: { type: 'string' },
      osm: { type: 'string' },
      seed: { type: 'string', default: '1' },
      speedup: { type: 'string', default: '1' },
      'ping-interval-ms': { type: 'string', default: '1000' },
      'batch-ms': { type: 'string', default: '2000' },
      'stop-rate': { type: 'string', default: '0.05' },
      'crawl-rate': { type: 'string', default: '0.03' },
      'phone-left-rate': { type: 'string', default: '0.02' },
      'offline-rate': { type: 'string', default: '0.04' },
      lunch: { type: 'boolean', default: false },
      'incident-log': { type: 'string', default: '.data/sim-incidents.jsonl' },
      'duration-s': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';

  const email = values.email ?? env.SIM_EMAIL;
  const password = values.password ?? env.SIM_PASSWORD;
  if (!email || !password) {
    throw new Error(
      'a login is needed: pass --email and --password, or set SIM_EMAIL and SIM_PASSWORD',
    );
  }
  let serverUrl: string;
  try {
    serverUrl = new URL(values.server).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`--server ${values.server} is not a URL`);
  }
  return {
    serverUrl,
    email,
    password,
    couriers: values.couriers === undefined ? null : integer('--couriers', values.couriers, 1),
    osmPath: values.osm ?? null,
    seed: integer('--seed', values.seed, 0),
    speedup: positive('--speedup', values.speedup),
    pingIntervalMs: integer('--ping-interval-ms', values['ping-interval-ms'], 1),
    batchMs: integer('--batch-ms', values['batch-ms'], 1),
    incidentRates: {
      stop: nonNegative('--stop-rate', values['stop-rate']),
      crawl: nonNegative('--crawl-rate', values['crawl-rate']),
      phone_in_vehicle: nonNegative('--phone-left-rate', values['phone-left-rate']),
      offline: nonNegative('--offline-rate', values['offline-rate']),
    },
    lunch: values.lunch,
    incidentLogPath: values['incident-log'],
    durationS:
      values['duration-s'] === undefined ? null : positive('--duration-s', values['duration-s']),
  };
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new Error(`${flag} ${text} is not a number`);
  return value;
}

function integer(flag: string, text: string, min: number): number {
  const value = number(flag, text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${flag} must be an integer >= ${min}`);
  return value;
}

function positive(flag: string, text: string): number {
  const value = number(flag, text);
  if (value <= 0) throw new Error(`${flag} must be > 0`);
  return value;
}

function nonNegative(flag: string, text: string): number {
  const value = number(flag, text);
  if (value < 0) throw new Error(`${flag} must be >= 0`);
  return value;
}
