/** `candidate` when it is after `now` and earlier than `best`; otherwise `best`. */
export function earlierFuture(best: number, candidate: number, now: number): number {
  return candidate > now && candidate < best ? candidate : best;
}
