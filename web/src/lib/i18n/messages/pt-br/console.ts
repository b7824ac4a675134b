import type { Message } from '../../translate';
import type { consolePage as en } from '../en/console';

/** The console page's frame and its alert wording in Brazilian Portuguese: every English key, no other. */
export const consolePage: Record<keyof typeof en, Message> = {
  'console.title': 'Console de despacho',
  'console.loading': 'Carregando o console…',
  'console.cannotStart': 'O console não pôde iniciar: {reason}',
  'console.problemsRegion': 'Problemas e correções sugeridas',
  'console.couriersRegion': 'Entregadores e paradas',
  'console.viewNotStreamed': 'Esta área do mapa não está sendo transmitida: {reason}',
  'console.loadFailed.couriers': 'Não foi possível carregar os entregadores: {reason}',
  'console.loadFailed.stops': 'Não foi possível carregar as paradas: {reason}',
  'console.loadFailed.alerts': 'Não foi possível carregar os alertas: {reason}',
  'console.loadFailed.suggestions': 'Não foi possível carregar as sugestões: {reason}',
  'console.courierNumber': 'Entregador {id}',
  'console.stopsDue': 'Paradas com prazo',
  'console.slot.next': { one: 'na próxima {count} h', other: 'nas próximas {count} h' },
  'console.slot.all': 'todas',

  'console.alertKind.stalled': 'Parado',
  'console.alertKind.offline': 'Offline',
  'console.alertKind.late_risk': 'Risco de atraso',
  'console.alertKind.late': 'Atrasado',
  'console.alertKind.sla_breach': 'Prazo descumprido (SLA)',
  'console.alertKind.hub_sla': 'Pontualidade do hub',
  'console.alertKind.stuck_at_stop': 'Demorando em uma parada',
  'console.alertKind.failed_attempt': 'Tentativa sem sucesso',

  'console.alert.stalled': 'Sem se mover há {minutes} min, desde {time}',
  'console.alert.offlineNoPing': 'Nenhum sinal recebido ainda',
  'console.alert.offline': 'Sem sinal desde {time}',
  'console.alert.late': 'Janela terminou às {time}',
  'console.alert.lateRisk': 'Previsto às {eta}, {minutes} min depois do fim da janela ({end})',
  'console.alert.lateRiskInMargin':
    'Previsto às {eta}, {minutes} min antes do fim da janela ({end}): dentro da margem de segurança',
  'console.alert.promise.express': 'Prazo expresso',
  'console.alert.promise.same_day': 'Prazo do mesmo dia',
  'console.alert.promise.next_day': 'Prazo do dia seguinte',
  'console.alert.promise.unknown': 'O prazo',
  'console.alert.promiseGrace': '{promise} descumprido: mais de {grace} min após a janela ({time})',
  'console.alert.promiseEnded': '{promise} descumprido: a janela terminou às {time}',
  'console.alert.atStop': 'Na parada desde {time}',
  'console.alert.atStopLimit': 'Na parada desde {time} (limite de {limit} min)',
  'console.alert.hubRate': '{rate}% no horário na última hora; meta de {target}%',
  'console.alert.hubRateOf':
    '{rate}% de {completions} no horário na última hora; meta de {target}%',
};
