import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Incident } from './incidents';

/** One JSON line per finished incident `{ kind, courierId, from, to }`, appended to a file. */
export class IncidentLog {
  private constructor(private readonly stream: WriteStream) {}

  static async open(path: string): Promise<IncidentLog> {
    await mkdir(dirname(path), { recursive: true });
    return new IncidentLog(createWriteStream(path, { flags: 'a' }));
  }

  write(incident: Incident): void {
    const { kind, courierId, from, to } = incident;
    this.stream.write(`${JSON.stringify({ kind, courierId, from, to })}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
