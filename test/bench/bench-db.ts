import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

/** A throwaway database for one server run: its settings for the server, and its removal. */
export interface BenchDatabase {
  label: string;
  /** Environment for the server process (DATABASE_URL or DATA_DIR). */
  env: Record<string, string>;
  /** Rows in `pings`, counted from outside the server (PostgreSQL only). */
  countPings?: () => Promise<number>;
  /** CPU time of the PostgreSQL backends serving this database, µs (PostgreSQL only). */
  backendCpuMicros?: () => Promise<number>;
  drop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process from /proc, µs; 0 when it is gone or unreadable. */
function procCpuMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** A fresh PostgreSQL database `<prefix>_<pid>` on the server at `adminUrl`. */
export async function createPostgresDatabase(
  adminUrl: string,
  prefix = 'bench_ingest',
): Promise<BenchDatabase> {
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    label: 'PostgreSQL',
    env: { DATABASE_URL: url.toString() },
    async countPings() {
      const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pings`;
        return row?.n ?? -1;
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
    async backendCpuMicros() {
      const rows = await admin<
        { pid: number }[]
      >`select pid from pg_stat_activity where datname = ${name}`;
      return rows.reduce((sum, r) => sum + procCpuMicros(r.pid), 0);
    },
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** A fresh PGlite data directory under the system temp folder. */
export function createPgliteDirectory(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-pglite-'));
  return {
    label: 'PGlite',
    env: { DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
