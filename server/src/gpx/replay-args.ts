import { parseArgs } from 'node:util';

/** How the command gets a device token for the courier. */
export type ReplayCredentials =
  | { kind: 'token'; token: string }
  /** An admin login that issues a fresh device token; `source` says where it came from. */
  | { kind: 'login'; email: string; password: string; source: string };

/** Everything `pnpm replay-gpx` is told on its command line and in its environment. */
export interface ReplayCliOptions {
  file: string;
  courierId: number;
  serverUrl: string;
  speedup: number;
  /** Null when none were given: the demo's admin login is the fallback. */
  credentials: ReplayCredentials | null;
}

export const REPLAY_USAGE = `Replays a recorded GPX track into a running server as the courier's phone.

  pnpm replay-gpx FILE --courier ID [--server URL] [--speedup N] [credentials]

  FILE                 a GPX 1.0/1.1 file whose points have recorded times
  --courier ID         the courier who "drives" the track
  --server URL         server base URL (default http://127.0.0.1:3000)
  --speedup N          send N times faster than recorded (default 1); device times keep the
                       recorded spacing, ending at the moment the last fix is sent
  --token TOKEN        the courier's device token, or an admin login that issues a new one
  --email EMAIL        (replacing the courier's current token, as the simulator does):
  --password PASSWORD  default $DISPATCH_EMAIL / $DISPATCH_PASSWORD, then $ADMIN_EMAIL /
                       $ADMIN_PASSWORD, then the demo admin in $DATA_DIR/demo-credentials.json
                       (DATA_DIR defaults to .data)
  --help`;

/** A refused command line; the message is one line a person can act on. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses and validates argv (without the node and script entries); throws a `UsageError`. */
export function parseReplayArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ReplayCliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        courier: { type: 'string' },
        server: { type: 'string', default: 'http://127.0.0.1:3000' },
        speedup: { type: 'string', default: '1' },
        token: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // node:util names the flag first; its closing advice about `--` does not apply here.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.replace(/\.?\s*To specify[\s\S]*$/, '').replace(/\s*\n\s*/g, ' '));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  if (positionals.length === 0) throw new UsageError('a GPX file is required');
  if (positionals.length > 1)
    throw new UsageError(`one GPX file at a time; got ${positionals.join(', ')}`);
  if (values.courier === undefined) throw new UsageError('--courier ID is required');
  return {
    file: positionals[0]!,
    courierId: courierId(values.courier),
    serverUrl: serverUrl(values.server),
    speedup: speedup(values.speedup),
    credentials: credentials(values, env),
  };
}

function courierId(text: string): number {
  const id = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(id) || id < 1)
    throw new UsageError(`--courier ${text} is not a courier id (a whole number >= 1)`);
  return id;
}

function speedup(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--speedup ${text} is not a number`);
  if (value <= 0) throw new UsageError(`--speedup must be > 0, got ${text}`);
  return value;
}

function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--server ${text} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--server ${text} must be an http:// or https:// URL`);
  return url.toString().replace(/\/$/, '');
}

function credentials(
  values: { token?: string; email?: string; password?: string },
  env: Readonly<Record<string, string | undefined>>,
): ReplayCredentials | null {
  if (values.token !== undefined) {
    if (values.email !== undefined || values.password !== undefined)
      throw new UsageError('give either --token or --email/--password, not both');
    if (values.token.trim() === '') throw new UsageError('--token is empty');
    return { kind: 'token', token: values.token };
  }
  // Each half falls through its own chain, so a password can stay out of the shell history.
  const email = firstOf([
    ['--email', values.email],
    ['DISPATCH_EMAIL', env.DISPATCH_EMAIL],
    ['ADMIN_EMAIL', env.ADMIN_EMAIL],
  ]);
  const password = firstOf([
    ['--password', values.password],
    ['DISPATCH_PASSWORD', env.DISPATCH_PASSWORD],
    ['ADMIN_PASSWORD', env.ADMIN_PASSWORD],
  ]);
  if (!email && !password) return null;
  if (!email) throw new UsageError(`${password!.source} is set but no email: pass --email`);
  if (!password) throw new UsageError(`${email.source} is set but no password: pass --password`);
  return {
    kind: 'login',
    email: email.value,
    password: password.value,
    source: `${email.source}/${password.source}`,
  };
}

function firstOf(
  candidates: [source: string, value: string | undefined][],
): { source: string; value: string } | null {
  for (const [source, value] of candidates)
    if (value !== undefined && value !== '') return { source, value };
  return null;
}
