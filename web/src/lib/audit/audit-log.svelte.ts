import type { AuditEvent, AuditPage, AuditQuery } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';
import { auditQuery, NO_FILTER, type AuditFilterState } from './audit-filters';

/** Events a page of the audit table shows. */
export const AUDIT_PAGE_SIZE = 50;

/** What the audit page reads. */
export interface AuditApi {
  page(query: AuditQuery): Promise<AuditPage>;
}

/**
 * The audit page's table: the filters, the page of events shown, and paging newer and older
 * (each older page is read before the last event of the one shown; going newer goes back).
 */
export class AuditLog {
  filter = $state.raw<AuditFilterState>(NO_FILTER);
  events = $state.raw<AuditEvent[]>([]);
  /** Names of the couriers the events' data mentions, by id. */
  couriers = $state.raw<Readonly<Record<string, string>>>({});
  loading = $state(false);
  loaded = $state(false);
  failure = $state.raw<Wording | null>(null);
  /** `before` of the newer pages, the newest first; empty on the newest page. */
  #newer = $state.raw<(number | undefined)[]>([]);
  #before: number | undefined = undefined;
  #nextBefore = $state<number | null>(null);
  /** Answers to requests made before the latest one are dropped. */
  #asked = 0;

  constructor(
    private readonly api: AuditApi,
    /** The zone the filter's days are read in (the chosen hub's). */
    private readonly zoneOf: (filter: AuditFilterState) => string,
  ) {}

  get hasNewer(): boolean {
    return this.#newer.length > 0;
  }

  get hasOlder(): boolean {
    return this.#nextBefore !== null;
  }

  /** Changes some filters and shows the newest page of what matches. */
  async apply(change: Partial<AuditFilterState>): Promise<void> {
    this.filter = { ...this.filter, ...change };
    this.#newer = [];
    this.#before = undefined;
    await this.load();
  }

  /** Back to no filters at all (a user bound to a hub keeps it). */
  async clear(keep: Partial<AuditFilterState> = {}): Promise<void> {
    this.filter = NO_FILTER;
    await this.apply(keep);
  }

  async older(): Promise<void> {
    if (this.#nextBefore === null) return;
    this.#newer = [...this.#newer, this.#before];
    this.#before = this.#nextBefore;
    await this.load();
  }

  async newer(): Promise<void> {
    if (this.#newer.length === 0) return;
    this.#before = this.#newer[this.#newer.length - 1];
    this.#newer = this.#newer.slice(0, -1);
    await this.load();
  }

  /** Reads the page shown again (or first). */
  async load(): Promise<void> {
    const asked = ++this.#asked;
    this.loading = true;
    try {
      const query: AuditQuery = {
        ...auditQuery(this.filter, this.zoneOf(this.filter)),
        limit: AUDIT_PAGE_SIZE,
        ...(this.#before === undefined ? {} : { before: this.#before }),
      };
      const page = await this.api.page(query);
      if (asked !== this.#asked) return;
      this.events = page.events;
      this.couriers = page.couriers;
      this.#nextBefore = page.nextBefore;
      this.failure = null;
      this.loaded = true;
    } catch (err) {
      if (asked !== this.#asked) return;
      this.failure = failureWording(err);
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }
}
