import type { Catalogue } from '../../translate';

/** The reports page's and the SLA page's messages in English. */
export const reports = {
  'reports.title': 'Reports',
  'reports.heading': 'Couriers’ day',
  'reports.hub': 'Hub',
  'reports.day': 'Day',
  'reports.downloadStops': 'Download the day’s stops (CSV)',
  'reports.downloadTable': 'Download this table (CSV)',
  'reports.summary': {
    one: '{hub}, {date} ({zone}): {count} stop done, {failed} failed, {onTime} of deliveries on time, {km} km.',
    other:
      '{hub}, {date} ({zone}): {count} stops done, {failed} failed, {onTime} of deliveries on time, {km} km.',
  },
  'reports.noCouriers': 'No courier worked this day.',
  'reports.courier': 'Courier',
  'reports.vehicle': 'Vehicle',
  'reports.stops': 'Stops',
  'reports.done': 'Done',
  'reports.failed': 'Failed',
  'reports.onTime': 'On time',
  'reports.km': 'Km',
  'reports.idle': 'Idle',
  'reports.note':
    'On time: deliveries completed before their window closed. Km: straight lines between the day’s GPS fixes, leaving out jumps faster than 200 km/h. Idle: time on shift standing still (within 30 m for two minutes or more) with stops still to do, time at a stop not counted.',
  'reports.vehicle.foot': 'foot',
  'reports.vehicle.bike': 'bike',
  'reports.vehicle.scooter': 'scooter',
  'reports.vehicle.car': 'car',
  'reports.vehicle.van': 'van',

  'sla.title': 'SLA',
  'sla.heading': 'Service level',
  'sla.supervisorsOnly':
    'Supervisors only. This page shows SLA figures for supervisors and admins.',
  'sla.loadFailed': 'Could not load the figures: {reason}',
  'sla.onTimeToday': 'On-time rate today',
  'sla.hubs': 'Hubs',
  'sla.openBreaches': 'Open SLA breaches ({count})',
  'sla.noBreaches': 'No open breaches.',
  'sla.escalations': 'Escalations ({count})',
  'sla.noEscalations': 'No escalations.',
  'sla.updated': 'Updated {time}',
} satisfies Catalogue;
