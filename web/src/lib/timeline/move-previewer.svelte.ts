import type { MovePreview, MovePreviewRequest } from '@dispatch/shared';
import { errorMessage } from '../api';

/**
 * The preview of the move being considered (a block hovered over a lane, a courier picked in
 * the move dialog): asked for once the pointer rests for `delayMs`, only the latest answer kept.
 */
export class MovePreviewer {
  preview = $state.raw<MovePreview | null>(null);
  problem = $state<string | null>(null);
  loading = $state(false);
  #key = '';
  #asked = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly fetchPreview: (request: MovePreviewRequest) => Promise<MovePreview>,
    private readonly delayMs = 200,
  ) {}

  /** Considers a move (null: none); the same move asked again is not fetched again. */
  ask(request: MovePreviewRequest | null): void {
    const key = request ? JSON.stringify(request) : '';
    if (key === this.#key) return;
    this.#key = key;
    this.#cancel();
    this.preview = null;
    this.problem = null;
    this.loading = request !== null;
    if (!request) return;
    const asked = ++this.#asked;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.fetchPreview(request).then(
        (preview) => {
          if (asked !== this.#asked) return;
          this.preview = preview;
          this.loading = false;
        },
        (err: unknown) => {
          if (asked !== this.#asked) return;
          this.problem = errorMessage(err);
          this.loading = false;
        },
      );
    }, this.delayMs);
  }

  clear(): void {
    this.ask(null);
  }

  #cancel(): void {
    this.#asked++;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
