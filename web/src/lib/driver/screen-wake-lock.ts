/**
 * Keeps the screen on while the courier is on shift, where the browser can
 * (`navigator.wakeLock`). The browser drops the lock whenever the page is hidden, so it is taken
 * again each time the page becomes visible.
 */
export class ScreenWakeLock {
  #wanted = false;
  #sentinel: WakeLockSentinel | null = null;
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') void this.#acquire();
  };

  /** Whether the browser can keep the screen on at all. */
  static get supported(): boolean {
    return typeof navigator !== 'undefined' && 'wakeLock' in navigator;
  }

  /** Whether the screen is being kept on right now. */
  get held(): boolean {
    return this.#sentinel !== null && !this.#sentinel.released;
  }

  enable(): void {
    if (this.#wanted || !ScreenWakeLock.supported) return;
    this.#wanted = true;
    document.addEventListener('visibilitychange', this.#onVisible);
    void this.#acquire();
  }

  disable(): void {
    this.#wanted = false;
    document.removeEventListener('visibilitychange', this.#onVisible);
    const sentinel = this.#sentinel;
    this.#sentinel = null;
    void sentinel?.release().catch(() => {});
  }

  async #acquire(): Promise<void> {
    if (!this.#wanted || this.held || document.visibilityState !== 'visible') return;
    try {
      this.#sentinel = await navigator.wakeLock.request('screen');
    } catch {
      // Refused (battery saver, no user gesture yet): the next visibility change tries again.
      this.#sentinel = null;
    }
  }
}
