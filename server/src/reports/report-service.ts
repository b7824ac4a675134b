import {
  DomainError,
  isCalendarDate,
  zonedDate,
  zonedDayBounds,
  zonedLocalToEpochMs,
  type CourierDayReport,
  type CourierDayRow,
} from '@dispatch/shared';
import { idleMinutes, kmDriven, shiftOnDay, stopCounts } from './courier-day';
import { toCsv } from './csv-writer';
import { DAY_EXPORT_HEADER, dayExportRows } from './day-export';
import type { ReportHub, ReportStore } from './report-store';

/** A CSV file to send. */
export interface CsvFile {
  filename: string;
  body: string;
}

const COURIER_CSV_HEADER = [
  'courier',
  'vehicle',
  'stops',
  'done',
  'delivered',
  'failed',
  'on_time',
  'on_time_share',
  'km',
  'idle_minutes',
];

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A hub's day as files and figures: the stops export and the per-courier report. */
export class ReportService {
  constructor(
    private readonly store: ReportStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** One CSV row per stop whose window starts on `date` (the hub's day; today when absent). */
  async dayExport(hubId: number, date?: string): Promise<CsvFile> {
    const { hub, day, bounds } = await this.day(hubId, date);
    const stops = await this.store.dayStops(hub.id, bounds.startMs, bounds.endMs);
    return {
      filename: `stops-${slug(hub.name)}-${day}.csv`,
      body: toCsv(DAY_EXPORT_HEADER, dayExportRows(stops, hub.timezone, this.now())),
    };
  }

  /** Per courier of the hub (or with its stops that day): stops, on-time share, km, idle time. */
  async courierReport(hubId: number, date?: string): Promise<CourierDayReport> {
    const { hub, day, bounds } = await this.day(hubId, date);
    const span = { start: bounds.startMs, end: bounds.endMs };
    // The stops of the day (not those only here for a failed attempt, moved to another day).
    const stops = (await this.store.dayStops(hub.id, span.start, span.end)).filter(
      (s) => s.windowStart >= span.start && s.windowStart < span.end,
    );
    const failures = await this.store.failedAttempts(hub.id, span.start, span.end);
    const involved = [
      ...new Set([
        ...stops.flatMap((s) => (s.courierId === null ? [] : [s.courierId])),
        ...failures.map((f) => f.courierId),
      ]),
    ];
    const couriers = await this.store.couriers(hub.id, involved);
    const rows: CourierDayRow[] = [];
    // One courier at a time: a day of fixes for the whole fleet is never in memory at once.
    for (const courier of couriers) {
      const own = stops.filter((s) => s.courierId === courier.id);
      const failed = failures.filter((f) => f.courierId === courier.id).map((f) => f.stopId);
      const fixes = await this.store.fixes(courier.id, bounds.startMs, bounds.endMs);
      if (own.length === 0 && failed.length === 0 && fixes.length === 0) continue;
      const shift = shiftOnDay(span, courier.shiftStartMinute, courier.shiftEndMinute, (m) =>
        localMinute(day, m, hub.timezone, bounds.startMs),
      );
      const counts = stopCounts(own, failed);
      rows.push({
        courierId: courier.id,
        name: courier.name,
        vehicle: courier.vehicle,
        ...counts,
        onTimeShare: counts.onTimeShare === null ? null : round(counts.onTimeShare, 3),
        km: round(kmDriven(fixes), 2),
        idleMinutes: Math.round(idleMinutes({ fixes, shift, stops: own })),
      });
    }
    return { hubId: hub.id, hubName: hub.name, date: day, timezone: hub.timezone, couriers: rows };
  }

  /** The per-courier report as CSV. */
  async courierReportCsv(hubId: number, date?: string): Promise<CsvFile> {
    const report = await this.courierReport(hubId, date);
    return {
      filename: `couriers-${slug(report.hubName)}-${report.date}.csv`,
      body: toCsv(
        COURIER_CSV_HEADER,
        report.couriers.map((c) => [
          c.name,
          c.vehicle,
          c.stops,
          c.done,
          c.delivered,
          c.failed,
          c.onTime,
          c.onTimeShare,
          c.km,
          c.idleMinutes,
        ]),
      ),
    };
  }

  private async day(hubId: number, date: string | undefined) {
    const hub: ReportHub | null = await this.store.hub(hubId);
    if (!hub) throw new DomainError('not_found', `hub ${hubId} does not exist`);
    const day = date ?? zonedDate(this.now(), hub.timezone);
    if (!isCalendarDate(day))
      throw new DomainError('invalid', `date must be a real day written YYYY-MM-DD, not ${day}`);
    return { hub, day, bounds: zonedDayBounds(day, hub.timezone) };
  }
}

/** Epoch ms of a minute of a local day in a zone. */
function localMinute(day: string, minute: number, timeZone: string, fallback: number): number {
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return zonedLocalToEpochMs(`${day}T${hh}:${mm}`, timeZone) ?? fallback + minute * 60_000;
}

/** A hub name as a file-name part: lower case letters, digits and dashes. */
function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .slice(0, 40) || 'hub'
  );
}
