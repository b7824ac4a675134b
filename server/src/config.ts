import { resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import { compileValidator } from '@dispatch/shared';
import { parseTrustProxy } from './http/client-address';

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
  // At least 2: startup holds one connection for its lock while migrating on another.
  DATABASE_POOL_SIZE: Int(10, 2, 200),
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
   * `on`: each hub's re-attempt policy decides what a failed attempt becomes (retried today,
   * moved to the next day, or brought back to the hub); `off`: it stays failed for a dispatcher.
   */
  REATTEMPT_POLICIES: Type.Enum(['on', 'off'], { default: 'on' }),
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
  /**
   * A folder of SDF glyph PBFs (`{fontstack}/{start}-{end}.pbf`) for the offline style's street
   * names; without it the console draws them with the browser's own fonts.
   */
  MAP_GLYPHS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Session cookies only over HTTPS (`Secure`). Unset: on, unless HOST is a loopback address
   * (`127.0.0.1`, `::1`, `localhost`), where the console is reached over plain http. Set
   * `false` on purpose to serve the console over plain http on a network.
   */
  COOKIE_SECURE: Type.Optional(Type.Boolean()),
  /**
   * Which proxies' `X-Forwarded-For` is believed for the client's address (sign-in limits,
   * tracking links' limits, logs): unset or `false`, none (the connection's address counts);
   * `true`, any (only when every connection comes through a proxy that overwrites the header);
   * or a comma-separated list of proxy addresses and CIDR ranges (`10.0.0.0/8,::1`; `loopback`,
   * `linklocal` and `uniquelocal` name the usual ranges).
   */
  TRUST_PROXY: Type.String({ default: 'false' }),
  /**
   * Where phones reach this server, for the pairing links and QR codes the console shows (e.g.
   * `https://dispatch.example.com`). Without it a link points where the console reached the
   * server, which on a laptop is often `localhost`: for a phone on the same network, set the
   * laptop's address and listen on every interface (`PUBLIC_URL=http://192.168.1.20:3000`
   * `HOST=0.0.0.0`).
   */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+/?$' })),
  /**
   * Origins (space-separated, e.g. `https://tiles.example.com`) a MAP_STYLE_URL's tiles, sprites
   * and glyphs come from besides the style's own; the console's content security policy allows them.
   */
  MAP_TILE_ORIGINS: Type.String({ default: '', pattern: '^(\\s*https?://[^/?#\\s]+/?\\s*)*$' }),
  /**
   * `/metrics` for Prometheus with `Authorization: Bearer <token>`. Without it and without
   * METRICS_PORT, `/metrics` answers only requests from this machine that came through no proxy.
   */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** A separate listener for `/metrics` (e.g. 9464); the main port then no longer serves it. */
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  METRICS_HOST: Type.String({ default: '127.0.0.1' }),
  /** The API document at `/docs` for anyone; by default only for signed-in console users. */
  DOCS_PUBLIC: Type.Boolean({ default: false }),
  /** Where photos and signatures of deliveries are kept: `local` (files under DATA_DIR/blobs) or `s3`. */
  BLOB_STORE: Type.Enum(['local', 's3'], { default: 'local' }),
  /** `BLOB_STORE=s3`: the bucket (required), its region and, for MinIO and other S3-compatible stores, the endpoint. */
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  S3_REGION: Type.String({ default: 'us-east-1', minLength: 1 }),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Static keys; without them the AWS SDK's own chain applies (environment, instance role). */
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  /** Path-style bucket URLs (`endpoint/bucket/key`), which MinIO needs. */
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: false }),
  /**
   * The key tracking links are derived from (at least 32 characters). Unset: the server makes one
   * on first start and keeps it in the database, so links survive restarts.
   */
  TRACKING_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** Customers' emails: `smtp://user:pass@host:587` or `smtps://…`. Unset: logged, not sent. */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  SMTP_FROM: Type.String({ default: 'Deliveries <no-reply@localhost>', minLength: 3 }),
  /**
   * Customers' text messages through an HTTP gateway: the URL with `{to}` and `{text}` placeholders
   * (URL-encoded when filled in), posted to with SMS_GATEWAY_METHOD. Unset: logged, not sent.
   */
  SMS_GATEWAY_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  SMS_GATEWAY_METHOD: Type.Enum(['GET', 'POST'], { default: 'POST' }),
  /** Sent as the gateway's `Authorization` header, e.g. `Basic dXNlcjpwYXNz` or `Bearer …`. */
  SMS_GATEWAY_AUTH: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * `POST` body template: JSON (`{to}` and `{text}` JSON-escaped) or a form such as
   * `To={to}&Body={text}` (URL-encoded); unset: a JSON `{ "to", "text" }`.
   */
  SMS_GATEWAY_BODY: Type.Optional(Type.String({ minLength: 1 })),
  /** How long a webhook receiver may take to answer before the attempt counts as failed. */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
  /** How long a notification is retried before it is dead-lettered (24 hours). */
  NOTIFY_RETRY_MINUTES: Type.Integer({ default: 1440, minimum: 1, maximum: 10_080 }),
  /**
   * `redis://host:6379`: this server is one node of several on one PostgreSQL (DATABASE_URL is
   * then required). Console pushes reach every node through Redis, and each hub's detection,
   * alerts, suggestions and planning run on the one node holding its lease. Unset: one node.
   */
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** This node's name in a cluster (metrics, logs, leases, the console's connection indicator); unset: host name and process id. */
  NODE_NAME: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
  ),
  /** The cluster's name: the prefix of its keys in Redis, so several clusters can share one Redis. */
  CLUSTER_NAME: Type.String({
    default: 'dispatch',
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9._-]+$',
  }),
  /** A hub's lease lasts this long without a heartbeat: another node takes the hub over after it, seconds. */
  LEASE_TTL_S: Int(8, 2, 300),
});

export type Config = Static<typeof ConfigSchema>;

const validator = compileValidator(ConfigSchema, 'configuration');

const BOOLEAN_KEYS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, s]) => (s as { type?: string }).type === 'boolean')
    .map(([k]) => k),
);

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
    else if (BOOLEAN_KEYS.has(key)) raw[key] = value === 'true' || value === '1';
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
  checkBlobStore(config);
  checkTrustProxy(config);
  if (config.REDIS_URL && !config.DATABASE_URL)
    throw new Error(
      'invalid configuration: REDIS_URL (several nodes) needs DATABASE_URL (PostgreSQL)',
    );
  config.DATA_DIR = config.DATA_DIR === 'memory://' ? config.DATA_DIR : resolve(config.DATA_DIR);
  if (!config.WEB_DIR) config.WEB_DIR = resolve(import.meta.dirname, '../../web/build');
  return config;
}

/** Every proxy address in TRUST_PROXY is an address or range. */
function checkTrustProxy(config: Config): void {
  try {
    parseTrustProxy(config.TRUST_PROXY);
  } catch (err) {
    throw new Error(`invalid configuration: TRUST_PROXY: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** The blob store's settings that only make sense together. */
function checkBlobStore(config: Config): void {
  if (config.BLOB_STORE !== 's3') return;
  if (!config.S3_BUCKET)
    throw new Error(
      'invalid configuration: BLOB_STORE=s3 needs S3_BUCKET (the bucket to keep photos in)',
    );
  if (Boolean(config.S3_ACCESS_KEY_ID) !== Boolean(config.S3_SECRET_ACCESS_KEY))
    throw new Error(
      'invalid configuration: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither',
    );
}
