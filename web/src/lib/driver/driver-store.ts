import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CourierStatus, DeviceProfile, Ping, RoutePayload } from '@dispatch/shared';
import type { LocalVisit } from './day-stops';
import type { NewOutboxEntry, OutboxEntry, UploadOutcome } from './outbox-plan';

/** What the phone remembers besides its outbox, by key. */
interface Remembered {
  /** The courier whose data this is; another courier's pairing starts afresh. */
  owner: number;
  /** The last ping sequence number used. */
  lastSeq: number;
  route: RoutePayload;
  /** When the route was received, epoch ms. */
  routeAt: number;
  profile: DeviceProfile;
  /** The shift as the courier last set it here. */
  shift: CourierStatus;
}

interface DriverDb extends DBSchema {
  outbox: { key: number; value: OutboxEntry };
  remembered: { key: string; value: unknown };
  uploads: { key: string; value: { ref: string; outcome: UploadOutcome } };
  visits: { key: number; value: LocalVisit };
}

/** Visits recorded here are forgotten a day after they were recorded, once sent or refused. */
const VISIT_MEMORY_MS = 24 * 3600_000;

/**
 * The courier app's IndexedDB: the outbox (fixes, photos and visits in the order they happened,
 * until the server has them), upload outcomes, visits recorded here, and the last route, profile
 * and shift, so the app opens and works without network and loses nothing on a reload.
 */
export class DriverStore {
  private constructor(private readonly db: IDBPDatabase<DriverDb>) {}

  static async open(name = 'dispatch-driver'): Promise<DriverStore> {
    const db = await openDB<DriverDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        db.createObjectStore('remembered');
        db.createObjectStore('uploads', { keyPath: 'ref' });
        db.createObjectStore('visits', { keyPath: 'stopId' });
      },
    });
    return new DriverStore(db);
  }

  async get<K extends keyof Remembered>(key: K): Promise<Remembered[K] | undefined> {
    return (await this.db.get('remembered', key)) as Remembered[K] | undefined;
  }

  async set<K extends keyof Remembered>(key: K, value: Remembered[K]): Promise<void> {
    await this.db.put('remembered', value, key);
  }

  /** The outbox, oldest first. */
  entries(): Promise<OutboxEntry[]> {
    return this.db.getAll('outbox');
  }

  /** Adds entries in one transaction, in order (a visit after the photos it names). */
  async add(entries: NewOutboxEntry[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const entry of entries) await tx.store.add(entry as OutboxEntry);
    await tx.done;
  }

  /** Queues what the courier recorded at a stop and the stop's new look, in one transaction. */
  async record(entries: NewOutboxEntry[], visit: LocalVisit): Promise<void> {
    const tx = this.db.transaction(['outbox', 'visits'], 'readwrite');
    for (const entry of entries) await tx.objectStore('outbox').add(entry as OutboxEntry);
    await tx.objectStore('visits').put(visit);
    await tx.done;
  }

  /** Numbers a fix with the next sequence number and queues it, in one transaction. */
  async addPing(ping: (lastSeq: number) => Ping): Promise<Ping> {
    const tx = this.db.transaction(['outbox', 'remembered'], 'readwrite');
    const lastSeq =
      ((await tx.objectStore('remembered').get('lastSeq')) as number | undefined) ?? 0;
    const next = ping(lastSeq);
    await tx.objectStore('remembered').put(next.seq, 'lastSeq');
    await tx.objectStore('outbox').add({ kind: 'ping', ping: next } as OutboxEntry);
    await tx.done;
    return next;
  }

  async remove(ids: readonly number[]): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const id of ids) await tx.store.delete(id);
    await tx.done;
  }

  /** An upload answered: its outcome kept for the visit that names it, the entry gone. */
  async uploadDone(entryId: number, ref: string, outcome: UploadOutcome): Promise<void> {
    const tx = this.db.transaction(['outbox', 'uploads'], 'readwrite');
    await tx.objectStore('uploads').put({ ref, outcome });
    await tx.objectStore('outbox').delete(entryId);
    await tx.done;
  }

  async uploads(): Promise<Map<string, UploadOutcome>> {
    const rows = await this.db.getAll('uploads');
    return new Map(rows.map((r) => [r.ref, r.outcome]));
  }

  /** A visit answered: its entry and its uploads' outcomes gone, its stop's visit updated. */
  async visitDone(
    entryId: number,
    refs: readonly string[],
    visit: LocalVisit | null,
  ): Promise<void> {
    const tx = this.db.transaction(['outbox', 'uploads', 'visits'], 'readwrite');
    await tx.objectStore('outbox').delete(entryId);
    for (const ref of refs) await tx.objectStore('uploads').delete(ref);
    if (visit) await tx.objectStore('visits').put(visit);
    await tx.done;
  }

  /** Visits recorded here, without those sent or refused more than a day ago. */
  async visits(nowMs: number): Promise<LocalVisit[]> {
    const all = await this.db.getAll('visits');
    const stale = all.filter((v) => v.state !== 'waiting' && nowMs - v.at > VISIT_MEMORY_MS);
    if (stale.length > 0) {
      const tx = this.db.transaction('visits', 'readwrite');
      for (const v of stale) await tx.store.delete(v.stopId);
      await tx.done;
    }
    return all.filter((v) => !stale.includes(v));
  }

  /** Forgets everything but the last sequence number (another courier paired this phone). */
  async forgetCourierData(): Promise<void> {
    const tx = this.db.transaction(['outbox', 'uploads', 'visits', 'remembered'], 'readwrite');
    const lastSeq = await tx.objectStore('remembered').get('lastSeq');
    await Promise.all([
      tx.objectStore('outbox').clear(),
      tx.objectStore('uploads').clear(),
      tx.objectStore('visits').clear(),
      tx.objectStore('remembered').clear(),
    ]);
    if (lastSeq !== undefined) await tx.objectStore('remembered').put(lastSeq, 'lastSeq');
    await tx.done;
  }

  close(): void {
    this.db.close();
  }
}
