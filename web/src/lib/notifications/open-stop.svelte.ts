/**
 * The stop whose drawer is open on the console (its customer, tracking link and messages): one
 * at a time, opened from the stop search or a courier's route, closed with its × or Escape.
 */
export class OpenStop {
  id = $state<number | null>(null);
  /** What a dispatcher calls it (the order reference, else `#id`). */
  label = $state('');

  open(stopId: number, label: string): void {
    this.id = stopId;
    this.label = label;
  }

  close(): void {
    this.id = null;
  }
}

/** The console's one open stop drawer. */
export const openStop = new OpenStop();
