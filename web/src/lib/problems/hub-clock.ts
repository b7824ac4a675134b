import { clockTime } from '../ui/clock-time';

/**
 * Hours and minutes in a hub's time zone (the console's own when the hub has none), written for
 * `locale` (the browser's when none is given).
 */
export function hubClock(
  timeZone: string | null | undefined,
  locale?: string,
): (epochMs: number) => string {
  const options = { ...(timeZone ? { timeZone } : {}), ...(locale ? { locale } : {}) };
  return (epochMs) => clockTime(epochMs, options);
}
