import type { Message } from '../../translate';
import type { kpi as en } from '../en/kpi';

/** The on-time report in Brazilian Portuguese: every English key, no other. */
export const kpi: Record<keyof typeof en, Message> = {
  'kpi.chart.title': 'Taxa de entregas no prazo por hora',
  'kpi.chart.noDeliveries': 'nenhuma entrega ainda',
  'kpi.chart.hourRate': '{hour}: {rate}%',
  'kpi.chart.delivered': {
    one: '{hour}: {count} entregue',
    other: '{hour}: {count} entregues',
  },
  'kpi.chart.onTimeOf': '{hour}: {rate}% no prazo de {delivered}',
  'kpi.hubs.caption': 'Paradas atrasadas e em risco por hub',
  'kpi.hubs.hub': 'Hub',
  'kpi.hubs.delivered': 'Entregues',
  'kpi.hubs.onTime': 'No prazo',
  'kpi.hubs.target': 'Meta',
  'kpi.hubs.late': 'Atrasadas',
  'kpi.hubs.atRisk': 'Em risco',
  'kpi.hubs.open': 'A fazer',
  'kpi.hubs.none': 'Nenhum hub.',
  'kpi.alerts.openFor': 'aberto há {age}',
  'kpi.alerts.unacknowledged': 'ainda não marcado como ciente',
};
