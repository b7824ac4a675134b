import type { Message } from '../../translate';
import type { reports as en } from '../en/reports';

/** The reports page's and the SLA page's messages in Brazilian Portuguese: every English key, no other. */
export const reports: Record<keyof typeof en, Message> = {
  'reports.title': 'Relatórios',
  'reports.heading': 'Dia dos entregadores',
  'reports.hub': 'Hub',
  'reports.day': 'Dia',
  'reports.downloadStops': 'Baixar as paradas do dia (CSV)',
  'reports.downloadTable': 'Baixar esta tabela (CSV)',
  'reports.summary': {
    one: '{hub}, {date} ({zone}): {count} parada concluída, {failed} com falha, {onTime} das entregas no horário, {km} km.',
    other:
      '{hub}, {date} ({zone}): {count} paradas concluídas, {failed} com falha, {onTime} das entregas no horário, {km} km.',
  },
  'reports.noCouriers': 'Nenhum entregador trabalhou neste dia.',
  'reports.courier': 'Entregador',
  'reports.vehicle': 'Veículo',
  'reports.stops': 'Paradas',
  'reports.done': 'Concluídas',
  'reports.failed': 'Com falha',
  'reports.onTime': 'No horário',
  'reports.km': 'Km',
  'reports.idle': 'Parado',
  'reports.note':
    'No horário: entregas concluídas antes de a janela fechar. Km: linhas retas entre as posições de GPS do dia, sem contar saltos acima de 200 km/h. Parado: tempo de turno sem sair do lugar (dentro de 30 m por dois minutos ou mais) com paradas ainda por fazer, sem contar o tempo numa parada.',
  'reports.vehicle.foot': 'a pé',
  'reports.vehicle.bike': 'bicicleta',
  'reports.vehicle.scooter': 'moto',
  'reports.vehicle.car': 'carro',
  'reports.vehicle.van': 'van',

  'sla.title': 'SLA',
  'sla.heading': 'Nível de serviço',
  'sla.supervisorsOnly':
    'Só para supervisores. Esta página mostra os números de SLA para supervisores e administradores.',
  'sla.loadFailed': 'Não foi possível carregar os números: {reason}',
  'sla.onTimeToday': 'Entregas no horário hoje',
  'sla.hubs': 'Hubs',
  'sla.openBreaches': 'Violações de SLA abertas ({count})',
  'sla.noBreaches': 'Nenhuma violação aberta.',
  'sla.escalations': 'Escalonamentos ({count})',
  'sla.noEscalations': 'Nenhum escalonamento.',
  'sla.updated': 'Atualizado às {time}',
};
