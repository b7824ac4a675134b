/**
 * Load generator for the ingest bench, in its own process. Opens one connection per device token
 * (sent by the orchestrator over IPC), then either keeps `--in-flight` batches per device waiting
 * for acks (closed loop, `--rate 0`) or sends batches on a fixed schedule totalling `--rate`
 * pings/s (open loop). Reports phase markers and a `LoadResult` over IPC.
 */
import { connectChannel, SimulatedDevice, type Channel, type Transport } from './load-channels';
import { parseFlags, type LoadReport, type LoadResult, type LoadStart } from './messages';
import { percentile } from './table';

const opts = parseFlags(process.argv.slice(2), {
  url: '',
  transport: 'socketio',
  batch: 20,
  inFlight: 4,
  warmupS: 3,
  durationS: 10,
  /** Total pings/s for an open-loop run; 0 = closed loop. */
  rate: 0,
  seqBase: 1,
  ackTimeoutMs: 15_000,
  /** Longest wait for outstanding acks after the measured window. */
  drainS: 15,
});
if (opts.transport !== 'socketio' && opts.transport !== 'ws') {
  throw new Error(`--transport must be socketio or ws, not ${opts.transport}`);
}
const transport: Transport = opts.transport;
const RETRYABLE = new Set(['overloaded', 'unavailable', 'rate_limited', 'timeout']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const send = (message: LoadReport, then: () => void = () => {}) => {
  if (process.send) process.send(message, then);
  else then();
};

/** Acks and their latencies; only acks arriving inside the measured window count for rates. */
class Recorder {
  windowStart = Infinity;
  windowEnd = Infinity;
  latenciesMs: number[] = [];
  measuredPings = 0;
  totalAckedPings = 0;
  totalStored = 0;
  overloadedAcks = 0;
  errorAcks = 0;
  unresolvedBatches = 0;
  batchesOutstanding = 0;

  ok(pings: number, stored: number, latencyMs: number, now: number): void {
    this.totalAckedPings += pings;
    this.totalStored += stored;
    if (now >= this.windowStart && now < this.windowEnd) {
      this.measuredPings += pings;
      this.latenciesMs.push(latencyMs);
    }
  }
}

const rec = new Recorder();
let stopped = false;
let hardDeadline = Infinity;

/** Sends one batch until an ok ack, backing off on retryable refusals like a device would. */
async function deliver(
  channel: Channel,
  device: SimulatedDevice,
  intendedAt: number,
): Promise<void> {
  const pings = device.nextBatch(opts.batch, Date.now());
  rec.batchesOutstanding++;
  try {
    for (let attempt = 1; ; attempt++) {
      const outcome = await channel.send(pings);
      const now = performance.now();
      if (outcome.ok) return rec.ok(pings.length, outcome.stored, now - intendedAt, now);
      if (outcome.code === 'overloaded') rec.overloadedAcks++;
      else rec.errorAcks++;
      if (!RETRYABLE.has(outcome.code) || now > hardDeadline) {
        rec.unresolvedBatches++;
        return;
      }
      await sleep(Math.min(1000, 20 * 2 ** attempt));
    }
  } finally {
    rec.batchesOutstanding--;
  }
}

async function closedLoop(channel: Channel, device: SimulatedDevice): Promise<void> {
  while (!stopped) await deliver(channel, device, performance.now());
}

/** Sends a batch every `intervalMs` regardless of acks; latency counts from the scheduled time. */
function openLoop(
  channel: Channel,
  device: SimulatedDevice,
  startAt: number,
  intervalMs: number,
): Promise<void> {
  const offset = Math.random() * intervalMs;
  const deliveries: Promise<void>[] = [];
  return new Promise((resolve) => {
    let k = 0;
    const tick = () => {
      if (stopped) return resolve(Promise.all(deliveries).then(() => undefined));
      deliveries.push(deliver(channel, device, startAt + offset + k * intervalMs));
      k++;
      setTimeout(tick, Math.max(0, startAt + offset + k * intervalMs - performance.now()));
    };
    setTimeout(tick, Math.max(0, startAt + offset - performance.now()));
  });
}

async function connectAll(tokens: string[]): Promise<Channel[]> {
  const channels: Channel[] = new Array<Channel>(tokens.length);
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const i = next++;
      channels[i] = await connectChannel(transport, opts.url, tokens[i]!, opts.ackTimeoutMs);
    }
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  return channels;
}

async function run(tokens: string[]): Promise<LoadResult> {
  const channels = await connectAll(tokens);
  send({ type: 'connected' });
  const devices = tokens.map(() => new SimulatedDevice(opts.seqBase));
  const startAt = performance.now();
  let cpuAtStart = process.cpuUsage();
  setTimeout(() => {
    rec.windowStart = performance.now();
    cpuAtStart = process.cpuUsage();
    send({ type: 'measure-start' });
  }, opts.warmupS * 1000);
  const measuredEnd = new Promise<NodeJS.CpuUsage>((resolve) => {
    setTimeout(
      () => {
        rec.windowEnd = performance.now();
        stopped = true;
        hardDeadline = rec.windowEnd + opts.drainS * 1000;
        send({ type: 'measure-end' });
        resolve(process.cpuUsage(cpuAtStart));
      },
      (opts.warmupS + opts.durationS) * 1000,
    );
  });
  const intervalMs = (tokens.length * opts.batch * 1000) / opts.rate;
  const loops = channels.flatMap((channel, i) =>
    opts.rate > 0
      ? [openLoop(channel, devices[i]!, startAt, intervalMs)]
      : Array.from({ length: opts.inFlight }, () => closedLoop(channel, devices[i]!)),
  );
  const cpu = await measuredEnd;
  await Promise.race([Promise.all(loops), sleep(opts.drainS * 1000 + 1000)]);
  for (const channel of channels) channel.close();
  const measuredSeconds = (rec.windowEnd - rec.windowStart) / 1000;
  const sorted = rec.latenciesMs.sort((a, b) => a - b);
  return {
    measuredSeconds,
    measuredPings: rec.measuredPings,
    pingsPerSecond: rec.measuredPings / measuredSeconds,
    ackP50Ms: percentile(sorted, 0.5),
    ackP99Ms: percentile(sorted, 0.99),
    totalAckedPings: rec.totalAckedPings,
    totalStored: rec.totalStored,
    overloadedAcks: rec.overloadedAcks,
    errorAcks: rec.errorAcks,
    unresolvedBatches: rec.unresolvedBatches + rec.batchesOutstanding,
    loadCpuPercent: ((cpu.user + cpu.system) / 1e6 / measuredSeconds) * 100,
  };
}

process.once('message', (message) => {
  run((message as LoadStart).tokens).then(
    (result) => send({ type: 'result', result }, () => process.exit(0)),
    (err: unknown) => {
      console.error('load process failed', err);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
