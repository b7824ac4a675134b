import type { Catalogue } from '../../translate';

/** The on-time report in English: the hourly chart, the table per hub and the alert lists. */
export const kpi = {
  'kpi.chart.title': 'On-time rate by hour',
  'kpi.chart.noDeliveries': 'no deliveries yet',
  'kpi.chart.hourRate': '{hour}: {rate}%',
  'kpi.chart.delivered': {
    one: '{hour}: {count} delivered',
    other: '{hour}: {count} delivered',
  },
  'kpi.chart.onTimeOf': '{hour}: {rate}% on time of {delivered}',
  'kpi.hubs.caption': 'Late and at-risk stops per hub',
  'kpi.hubs.hub': 'Hub',
  'kpi.hubs.delivered': 'Delivered',
  'kpi.hubs.onTime': 'On time',
  'kpi.hubs.target': 'Target',
  'kpi.hubs.late': 'Late',
  'kpi.hubs.atRisk': 'At risk',
  'kpi.hubs.open': 'Still to do',
  'kpi.hubs.none': 'No hubs.',
  'kpi.alerts.openFor': 'open {age}',
  'kpi.alerts.unacknowledged': 'not acknowledged',
} satisfies Catalogue;
