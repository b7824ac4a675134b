import type { RecentProof } from '@dispatch/shared';
import { errorMessage } from '../api';
import type { CompletedFilter } from './proof-api';

/** Fetches the completions recorded since a time, the latest first. */
export type CompletedLoader = (filter: CompletedFilter) => Promise<RecentProof[]>;

/** The deliveries and failed attempts of today (one courier's or one hub's), the latest first. */
export class DoneToday {
  entries = $state.raw<RecentProof[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly #load: CompletedLoader;
  #request = 0;

  constructor(load: CompletedLoader) {
    this.#load = load;
  }

  /** Loads the list for `filter`; a later call wins over a slower earlier one. */
  async load(filter: CompletedFilter): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const entries = await this.#load(filter);
      if (request !== this.#request) return;
      this.entries = entries;
      this.error = null;
    } catch (err) {
      if (request === this.#request) this.error = errorMessage(err);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}
