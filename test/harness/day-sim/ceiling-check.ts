import type { DayOutcome } from './day-outcome';

/**
 * The line to print when the ceiling is not one: fewer stops due on time than the run it is
 * meant to bound (on time over every stop due, a stop never reached counting as late). Null
 * when the ceiling holds. Late minutes are shown beside it, not checked: the ceiling plans for
 * stops on time, not for the fewest minutes of lateness.
 */
export function ceilingShortfall(
  seed: number,
  ceiling: DayOutcome,
  run: DayOutcome,
  runName = 'the suggestions run',
): string | null {
  if (ceiling.onTime >= run.onTime) return null;
  const figures = (o: DayOutcome) =>
    `${o.onTime} / ${o.due} on time, ${o.late} late, ${o.undelivered} undelivered, ` +
    `${Math.round(o.lateMinutes)} late min`;
  return (
    `ceiling below ${runName} on seed ${seed}: ceiling ${figures(ceiling)}; ` +
    `run ${figures(run)}`
  );
}
