import type { StopProofView } from '@dispatch/shared';
import { errorMessage } from '../api';

/** The stop whose proof is shown, as the page that opened it knows it. */
export interface ProofSubject {
  id: number;
  /** What a dispatcher calls it: the order reference, else the address. */
  label: string;
  lat: number;
  lng: number;
  /** The hub's time zone, for the times shown. */
  timeZone?: string | undefined;
}

/** Fetches a stop's completions with their proof. */
export type ProofLoader = (stopId: number) => Promise<StopProofView[]>;

/** The proof dialog's state: which stop, its proofs, loading and failure. */
export class ProofViewer {
  subject = $state.raw<ProofSubject | null>(null);
  proofs = $state.raw<StopProofView[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly #load: ProofLoader;
  #request = 0;

  constructor(load: ProofLoader) {
    this.#load = load;
  }

  /** Shows a stop's proof; a later call wins over a slower earlier one. */
  async open(subject: ProofSubject): Promise<void> {
    const request = ++this.#request;
    this.subject = subject;
    this.proofs = [];
    this.error = null;
    this.loading = true;
    try {
      const proofs = await this.#load(subject.id);
      if (request === this.#request) this.proofs = proofs;
    } catch (err) {
      if (request === this.#request) this.error = errorMessage(err);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  close(): void {
    this.#request += 1;
    this.subject = null;
    this.proofs = [];
    this.error = null;
    this.loading = false;
  }
}
