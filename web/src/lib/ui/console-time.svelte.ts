/** `h12`: 2:05 PM; `h23`: 14:05. */
export type HourCycle = 'h12' | 'h23';

/** The hour cycle a locale writes times in (the browser's by default). */
export function localeHourCycle(locale?: string): HourCycle {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23';
}

/**
 * The defaults every time on the console is written with (`clock-time.ts` reads them): the
 * session hub's time zone and the hour cycle of the user's locale. Reactive, so what was written
 * before the hub was known is written again in its zone.
 */
class ConsoleTimeDefaults {
  /** IANA zone of the session's hub; the browser's until the hubs are loaded. */
  timeZone = $state<string | undefined>(undefined);
  /** Name of the hub whose zone it is. */
  hubName = $state<string | null>(null);
  hourCycle = $state<HourCycle>(localeHourCycle());
}

export const consoleTime = new ConsoleTimeDefaults();
