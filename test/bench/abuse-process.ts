/**
 * The abuse of `pnpm bench:abuse`, in its own process and all from one address (127.0.0.1):
 * - a login brute force: wrong passwords for the admin's account and for made-up ones, each
 *   request claiming another client address in `X-Forwarded-For`;
 * - a flood of OsmAnd fixes with random device ids (and a Paris position);
 * - oversized JSON bodies posted without a session: 20 MiB to the stop form's route (whose
 *   limit is 64 KiB) and 21 MiB to the import route (whose limit is 20 MiB).
 * Each runs its workers back to back until the orchestrator says stop; reports what the
 * server answered, per kind, over IPC. With `--burn-only 1` it sends nothing and keeps one core
 * busy instead: the same machine contention without the server's share of the work.
 */
import { randomBytes } from 'node:crypto';
import type { AbuseKind, AbuseReport, AbuseResult } from './abuse-messages';
import { parseFlags } from './messages';
import { percentile } from './table';

const opts = parseFlags(process.argv.slice(2), {
  url: '',
  osmandUrl: '',
  email: '',
  loginWorkers: 8,
  osmandWorkers: 16,
  bodyWorkers: 2,
  /** 1: send nothing, only keep one core busy (the control for the abuse's own CPU). */
  burnOnly: 0,
});

let stopped = false;

class Tally {
  requests = 0;
  statuses: Record<string, number> = {};
  latencies: number[] = [];
  constructor(readonly name: string) {}

  count(status: string, ms: number): void {
    this.requests++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    this.latencies.push(ms);
  }

  result(): AbuseKind {
    const sorted = this.latencies.sort((a, b) => a - b);
    return {
      name: this.name,
      requests: this.requests,
      statuses: this.statuses,
      p50Ms: percentile(sorted, 0.5),
    };
  }
}

/** Sends requests one after another until stopped, counting each answer's status. */
async function worker(tally: Tally, request: () => Promise<Response>): Promise<void> {
  while (!stopped) {
    const started = performance.now();
    let status: string;
    try {
      const res = await request();
      await res.arrayBuffer();
      status = String(res.status);
    } catch {
      status = 'closed';
    }
    tally.count(status, performance.now() - started);
  }
}

/** Keeps this process's core busy until stopped, yielding now and then to hear the stop. */
async function burn(): Promise<void> {
  while (!stopped) {
    const until = performance.now() + 50;
    while (performance.now() < until) Math.sqrt(Math.random());
    await new Promise((r) => setImmediate(r));
  }
}

const randomAddress = () =>
  `${10 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 256)}.` +
  `${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

function guessPassword(): Promise<Response> {
  const email =
    Math.random() < 0.5 ? opts.email : `someone-${randomBytes(4).toString('hex')}@example.com`;
  return fetch(`${opts.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() },
    body: JSON.stringify({ email, password: randomBytes(9).toString('base64') }),
  });
}

function forgedFix(): Promise<Response> {
  const query = new URLSearchParams({
    id: randomBytes(8).toString('hex'),
    lat: '48.8584',
    lon: '2.2945',
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  return fetch(`${opts.osmandUrl}/?${query}`);
}

/** A JSON body of `mib` MiB: one long string field. */
const jsonOf = (mib: number) =>
  Buffer.from(JSON.stringify({ note: 'x'.repeat(mib * 2 ** 20 - 12) }), 'utf8');
const formBody = jsonOf(20);
const importBody = jsonOf(21);

function oversized(i: number): () => Promise<Response> {
  const [path, body] = i % 2 === 0 ? ['stops', formBody] : ['stops/import', importBody];
  return () =>
    fetch(`${opts.url}/api/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
}

async function run(): Promise<AbuseResult> {
  const login = new Tally('login brute force');
  const osmand = new Tally('OsmAnd random ids');
  const bodies = new Tally('oversized bodies');
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const workers = opts.burnOnly
    ? [burn()]
    : [
        ...Array.from({ length: opts.loginWorkers }, () => worker(login, guessPassword)),
        ...Array.from({ length: opts.osmandWorkers }, () => worker(osmand, forgedFix)),
        ...Array.from({ length: opts.bodyWorkers }, (_, i) => worker(bodies, oversized(i))),
      ];
  process.send?.({ type: 'started' } satisfies AbuseReport);
  await new Promise<void>((resolve) =>
    process.once('message', () => {
      stopped = true;
      resolve();
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 10_000))]);
  return {
    seconds,
    kinds: opts.burnOnly ? [] : [login.result(), osmand.result(), bodies.result()],
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
  };
}

run().then(
  (result) =>
    process.send?.({ type: 'result', result } satisfies AbuseReport, () => process.exit(0)),
  (err: unknown) => {
    console.error('abuse process failed', err);
    process.exit(1);
  },
);
process.on('disconnect', () => process.exit(0));
