import type { PlacedLabel } from './label-placement';

/** A courier label to show: where (from placeLabels), its text and the courier's state. */
export interface ShownLabel extends PlacedLabel {
  text: string;
  state: string;
}

/**
 * Courier names as HTML over the map (the offline style has no glyphs for text layers): a pool
 * of absolutely placed elements inside one layer that ignores the pointer, moved with transforms
 * so following gliding markers costs no layout.
 */
export class CourierLabels {
  readonly #layer: HTMLDivElement;
  readonly #shown = new Map<number, HTMLDivElement>();

  constructor(parent: HTMLElement) {
    this.#layer = document.createElement('div');
    this.#layer.className = 'courier-labels';
    this.#layer.setAttribute('aria-hidden', 'true');
    parent.appendChild(this.#layer);
  }

  update(labels: readonly ShownLabel[]): void {
    const seen = new Set<number>();
    for (const label of labels) {
      seen.add(label.id);
      let element = this.#shown.get(label.id);
      if (!element) {
        element = document.createElement('div');
        element.className = 'courier-label';
        element.dataset.testid = 'courier-label';
        element.dataset.courierId = String(label.id);
        this.#layer.appendChild(element);
        this.#shown.set(label.id, element);
      }
      if (element.textContent !== label.text) element.textContent = label.text;
      element.dataset.state = label.state;
      element.style.transform = `translate(${Math.round(label.box.left)}px, ${Math.round(label.box.top)}px)`;
    }
    for (const [id, element] of this.#shown) {
      if (seen.has(id)) continue;
      element.remove();
      this.#shown.delete(id);
    }
  }

  get count(): number {
    return this.#shown.size;
  }

  remove(): void {
    this.update([]);
    this.#layer.remove();
  }
}
