/** A wall-clock time as the dispatcher reads it (local, hours and minutes). */
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
