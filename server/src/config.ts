import { resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import { compileValidator } from '@dispatch/shared';

const Int = (def: number, min = 0, max = 2 ** 31) =>
  Type.Integer({ default: def, minimum: min, maximum: max });

/** Every setting of the server, from the environment, validated once at start. */
const ConfigSchema = Type.Object({
  PORT: Int(3000, 0, 65535),
  HOST: Type.String({ default: '127.0.0.1' }),
  OSMAND_PORT: Int(5055, 0, 65535),
  /** PostgreSQL URL; without it an embedded PGlite database lives in DATA_DIR. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: '.data' }),
  DATABASE_POOL_SIZE: Int(10, 1, 200),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  /** `json`: one JSON object per line (for log collectors); `pretty`: readable lines (`pnpm start`). */
  LOG_FORMAT: Type.Enum(['json', 'pretty'], { default: 'json' }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  SESSION_TTL_HOURS: Int(12, 1, 24 * 30),
  /** Console broadcast tick, ms. */
  CONSOLE_TICK_MS: Int(500, 50, 10_000),
  /** Group commit: longest wait before a commit starts, ms. */
  COMMIT_INTERVAL_MS: Int(10, 1, 1000),
  COMMIT_MAX_ROWS: Int(5000, 1, 100_000),
  /** Group commits running at once on PostgreSQL (each owns a shard of the couriers). */
  COMMIT_CONCURRENCY: Int(3, 1, 32),
  /** Pings held in memory while the database is slow, before devices are told `overloaded`. */
  INGEST_BUFFER_MAX_ROWS: Int(200_000, 1, 10_000_000),
  ACK_TIMEOUT_MS: Int(10_000, 100, 600_000),
  DEDUPE_WINDOW: Int(8192, 32, 1 << 20),
  /** A courier with no ping for this long is shown offline, seconds. */
  OFFLINE_AFTER_S: Int(120, 5, 86_400),
  /** How often detectors run and stored ETAs refresh, ms. */
  DETECT_TICK_MS: Int(1000, 50, 60_000),
  /** A courier with open stops that has not moved for this long (by its own clock) is stalled, seconds. */
  STALL_AFTER_S: Int(300, 10, 86_400),
  /** An open alert whose severity stays the same is rewritten with fresh details at most this often, seconds. */
  ALERT_REFRESH_S: Int(15, 0, 3600),
  /** Overrides of the detection rules as JSON, per vehicle where it matters (see server/src/detect/detection-rules.ts). */
  DETECTION_RULES: Type.Optional(Type.String()),
  /** `off`: alerts and new stops ask for no reassignment proposals (moves by hand and planning stay). */
  SUGGESTIONS: Type.Enum(['on', 'off'], { default: 'on' }),
  /**
   * Where suggestion proposals are computed: `worker`, a thread holding a replica of the live
   * model (the server's event loop stays free); `inline`, the server's own thread.
   */
  DISPATCH_THREAD: Type.Enum(['worker', 'inline'], { default: 'worker' }),
  /** An alert nobody acknowledged for this long escalates to supervisors, seconds. */
  ESCALATE_AFTER_S: Int(300, 1, 86_400),
  PING_RETENTION_DAYS: Int(30, 1, 3650),
  /** Folder of the built console; served at `/` when it exists. */
  WEB_DIR: Type.String({ default: '' }),
  /** A MapLibre style URL for the console; without it the console uses an offline style. */
  MAP_STYLE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Secure cookies (set behind HTTPS). */
  COOKIE_SECURE: Type.Boolean({ default: false }),
});

export type Config = Static<typeof ConfigSchema>;

const validator = compileValidator(ConfigSchema, 'configuration');

const INTEGER_KEYS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, s]) => (s as { type?: string }).type === 'integer')
    .map(([k]) => k),
);

/** Reads and validates the configuration; throws with every problem named. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if (INTEGER_KEYS.has(key)) raw[key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (key === 'COOKIE_SECURE') raw[key] = value === 'true' || value === '1';
    else raw[key] = value;
  }
  const withDefaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    const def = (schema as { default?: unknown }).default;
    if (def !== undefined) withDefaults[key] = def;
  }
  Object.assign(withDefaults, raw, overrides);
  const parsed = validator.parse(withDefaults);
  if (!parsed.ok) {
    const problems = (parsed.error.details ?? [])
      .map((d) => `${d.path.slice(1)}: ${d.message}`)
      .join('; ');
    throw new Error(`invalid configuration: ${problems || parsed.error.message}`);
  }
  const config = parsed.value;
  config.DATA_DIR = config.DATA_DIR === 'memory://' ? config.DATA_DIR : resolve(config.DATA_DIR);
  if (!config.WEB_DIR) config.WEB_DIR = resolve(import.meta.dirname, '../../web/build');
  return config;
}
