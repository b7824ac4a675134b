import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readDemoAdminLogin } from '../gpx/demo-login';
import { GpxError, parseGpx, requireTimes, type TimedGpxTrack } from '../gpx/gpx';
import { replayTrack, ReplayError, type ReplayProgress } from '../gpx/replay';
import {
  parseReplayArgs,
  REPLAY_USAGE,
  UsageError,
  type ReplayCliOptions,
} from '../gpx/replay-args';
import { DispatchApiError, DispatchApi } from '../simulator/api';

const PROGRAM = 'replay-gpx';
const PROGRESS_EVERY_MS = 1000;

/** A failure that ends the command with one line and an exit status. */
class Exit extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function say(line: string): void {
  console.log(`[${PROGRAM}] ${line}`);
}

function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const seconds = Math.round(s);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function readTrack(file: string): TimedGpxTrack {
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(err);
    throw new Exit(`cannot read ${file}: ${why}`, 1);
  }
  const label = basename(file);
  try {
    return requireTimes(parseGpx(xml), label);
  } catch (err) {
    if (!(err instanceof GpxError)) throw err;
    // requireTimes already names the file in its message.
    throw new Exit(err.code === 'no_times' ? err.message : `${label}: ${err.message}`, 1);
  }
}

/** The device token to replay with: given, or issued over REST with an admin login. */
async function deviceToken(options: ReplayCliOptions): Promise<string> {
  let login = options.credentials;
  if (login === null) {
    const demo = readDemoAdminLogin(process.env.DATA_DIR ?? '.data');
    if (demo === null) {
      throw new Exit(
        'no credentials: pass --token, or --email and --password (or set DISPATCH_EMAIL and DISPATCH_PASSWORD)',
        2,
      );
    }
    say(`no credentials given: using the demo admin login from ${demo.path}`);
    login = { kind: 'login', email: demo.email, password: demo.password, source: demo.path };
  }
  if (login.kind === 'token') return login.token;

  const api = new DispatchApi(options.serverUrl);
  try {
    await api.login(login.email, login.password);
  } catch (err) {
    if (err instanceof DispatchApiError && err.status === 0) throw new Exit(err.message, 1);
    throw new Exit(`login as ${login.email} (${login.source}) failed: ${apiMessage(err)}`, 1);
  }
  try {
    const token = await api.rotateDeviceToken(options.courierId);
    say(
      `issued a new device token for courier ${options.courierId}; its previous one no longer works`,
    );
    return token;
  } catch (err) {
    if (err instanceof DispatchApiError && err.code === 'forbidden')
      throw new Exit(`${login.email} may not issue device tokens; an admin login is needed`, 1);
    if (err instanceof DispatchApiError && err.code === 'not_found')
      throw new Exit(`courier ${options.courierId} does not exist on ${options.serverUrl}`, 1);
    throw new Exit(`could not issue a device token: ${apiMessage(err)}`, 1);
  }
}

function apiMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function progressLine(p: ReplayProgress): string {
  return `sent ${p.sent}/${p.total} fixes, acknowledged ${p.acked}`;
}

async function run(argv: readonly string[]): Promise<void> {
  let options: ReplayCliOptions | 'help';
  try {
    options = parseReplayArgs(argv, process.env);
  } catch (err) {
    if (err instanceof UsageError) throw new Exit(`${err.message} (see --help)`, 2);
    throw err;
  }
  if (options === 'help') {
    console.log(REPLAY_USAGE);
    return;
  }
  // The file is read before anything touches the network, so a bad file fails fast.
  const track = readTrack(options.file);
  const token = await deviceToken(options);

  const points = track.points;
  const recordedMs = points[points.length - 1]!.timeMs - points[0]!.timeMs;
  say(
    `replaying ${points.length} fixes of ${basename(options.file)} (recorded over ` +
      `${formatDuration(recordedMs)}) as courier ${options.courierId} at ${options.speedup}× ` +
      `to ${options.serverUrl}: about ${formatDuration(recordedMs / options.speedup)}`,
  );

  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  let last: ReplayProgress = { sent: 0, acked: 0, total: points.length };
  let printedAtMs = Date.now();
  try {
    const result = await replayTrack({
      serverUrl: options.serverUrl,
      deviceToken: token,
      points,
      speedup: options.speedup,
      signal: stop.signal,
      onProgress: (progress) => {
        last = progress;
        if (Date.now() - printedAtMs < PROGRESS_EVERY_MS) return;
        printedAtMs = Date.now();
        say(progressLine(progress));
      },
    });
    say(
      `done: ${result.sent} fixes sent, ${result.acked} acknowledged in ${formatDuration(result.durationMs)}`,
    );
  } catch (err) {
    if (!(err instanceof ReplayError)) throw err;
    if (err.code === 'aborted') throw new Exit(`stopped: ${progressLine(last)}`, 130);
    throw new Exit(last.sent > 0 ? `${err.message} (${progressLine(last)})` : err.message, 1);
  }
}

run(process.argv.slice(2)).then(
  // Open handles (socket.io timers) must not keep a finished command alive.
  () => process.exit(0),
  (err: unknown) => {
    const status = err instanceof Exit ? err.status : 1;
    console.error(`${PROGRAM}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(status);
  },
);
