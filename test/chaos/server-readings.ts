import { readFileSync } from 'node:fs';

/** Resident memory of a process from /proc, MiB; NaN when it is gone or unreadable. */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** What the server's `/metrics` says about its own process. */
export interface ProcessReadings {
  /** Event-loop delay since the previous scrape, ms (the histogram restarts at every scrape). */
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  heapUsedMiB: number;
  rssMiB: number;
  bufferRows: number;
  couriersConnected: number;
  consolesConnected: number;
}

function sample(text: string, name: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return NaN;
}

/** Reads `/metrics` once; null when it does not answer within `timeoutMs`. */
export async function readProcess(
  baseUrl: string,
  timeoutMs = 5000,
): Promise<ProcessReadings | null> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) return null;
    const text = await res.text();
    const p = 'dispatch_process_';
    return {
      loopP50Ms: sample(text, `${p}nodejs_eventloop_lag_p50_seconds`) * 1000,
      loopP99Ms: sample(text, `${p}nodejs_eventloop_lag_p99_seconds`) * 1000,
      loopMaxMs: sample(text, `${p}nodejs_eventloop_lag_max_seconds`) * 1000,
      heapUsedMiB: sample(text, `${p}nodejs_heap_size_used_bytes`) / 2 ** 20,
      rssMiB: sample(text, `${p}process_resident_memory_bytes`) / 2 ** 20,
      bufferRows: sample(text, 'dispatch_ingest_buffer_rows'),
      couriersConnected: sample(text, 'dispatch_couriers_connected'),
      consolesConnected: sample(text, 'dispatch_consoles_connected'),
    };
  } catch {
    return null;
  }
}

/** A number for the outcome table, with `digits` decimals; `—` when unknown. */
export function figure(value: number | undefined, digits = 0): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}
