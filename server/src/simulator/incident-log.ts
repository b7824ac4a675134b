import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Incident } from './incidents';
import type { WorldIncident } from './world/incidents';
import type { CorridorIncident } from './world/types';

/**
 * The ground truth of injected incidents: one JSON line per finished incident
 * `{ kind, courierId, from, to, ...parameters }` (epoch ms), appended to a file. A corridor
 * incident of the traffic touches no courier in particular: `kind: 'corridor'`, `courierId: null`.
 */
export class IncidentLog {
  private constructor(private readonly stream: WriteStream) {}

  static async open(path: string): Promise<IncidentLog> {
    await mkdir(dirname(path), { recursive: true });
    return new IncidentLog(createWriteStream(path, { flags: 'a' }));
  }

  write(incident: Incident | WorldIncident): void {
    this.stream.write(`${incidentLine(incident)}\n`);
  }

  writeCorridor(incident: CorridorIncident): void {
    this.stream.write(`${corridorLine(incident)}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

/**
 * The log line of one incident: its kind, courier and span first (whole ms: incidents start at
 * fix steps, which fall between milliseconds), then its parameters.
 */
export function incidentLine(incident: Incident | WorldIncident): string {
  const { kind, courierId, from, to, ...parameters } = incident;
  return JSON.stringify({
    kind,
    courierId,
    from: Math.round(from),
    to: Math.round(to),
    ...parameters,
  });
}

/** The log line of a corridor incident: the same leading keys, then its place and slowdown. */
export function corridorLine(incident: CorridorIncident): string {
  const { from, to, ...parameters } = incident;
  return JSON.stringify({ kind: 'corridor', courierId: null, from, to, ...parameters });
}
