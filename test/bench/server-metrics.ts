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
