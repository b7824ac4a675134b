/** Ingest figures from the server's Prometheus endpoint, summed over label sets. */
export interface IngestMetrics {
  pingsStored: number;
  commits: number;
  commitRows: number;
  commitSeconds: number;
}

function total(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest.startsWith(' ') || rest.startsWith('{'))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Reads `/metrics`: pings stored and the group-commit size and duration. */
export async function readIngestMetrics(baseUrl: string): Promise<IngestMetrics> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  return {
    pingsStored: total(text, 'dispatch_pings_stored_total'),
    commits: total(text, 'dispatch_commit_duration_seconds_count'),
    commitRows: total(text, 'dispatch_commit_batch_rows_sum'),
    commitSeconds: total(text, 'dispatch_commit_duration_seconds_sum'),
  };
}

/** What the whole-system bench reads from `/metrics` at each end of its measured window. */
export interface SystemMetrics {
  /**
   * Event-loop delay since the previous scrape, ms: prom-client's default metrics read Node's
   * `monitorEventLoopDelay` histogram and reset it on every scrape.
   */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  pingsStored: number;
  /** Suggestion proposals: time spent computing them and situations waiting; NaN when not exported. */
  proposalBusySeconds: number;
  proposalQueue: number;
}

/** Reads `/metrics` once (which also restarts the server's event-loop delay histogram). */
export async function readSystemMetrics(baseUrl: string): Promise<SystemMetrics> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  const optional = (name: string) => (text.includes(`\n${name}`) ? total(text, name) : NaN);
  return {
    eventLoopP99Ms: total(text, 'dispatch_process_nodejs_eventloop_lag_p99_seconds') * 1000,
    eventLoopMaxMs: total(text, 'dispatch_process_nodejs_eventloop_lag_max_seconds') * 1000,
    pingsStored: total(text, 'dispatch_pings_stored_total'),
    proposalBusySeconds: optional('dispatch_proposal_busy_seconds_total'),
    proposalQueue: optional('dispatch_proposal_queue_length'),
  };
}
