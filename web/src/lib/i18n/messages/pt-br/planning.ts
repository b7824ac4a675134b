import type { Message } from '../../translate';
import type { planning as en } from '../en/planning';

/** Planning and moving stops in Brazilian Portuguese: every English key, no other. */
export const planning: Record<keyof typeof en, Message> = {
  'planning.button': 'Planejar',
  'planning.buttonCount': {
    one: 'Planejar {count} não atribuída',
    other: 'Planejar {count} não atribuídas',
  },
  'planning.buttonCountAtHub': {
    one: 'Planejar {count} não atribuída ({hub})',
    other: 'Planejar {count} não atribuídas ({hub})',
  },
  'planning.buttonHint':
    'Mostrar um plano destas paradas para os entregadores de {hub} antes de aplicá-lo',
  'planning.dismiss': 'Dispensar',
  'planning.noHub': 'Nenhum hub para planejar',
  'planning.busy': 'Um plano está sendo feito',
  'planning.nothingWaiting': 'Nada a planejar: todas as paradas do hub já estão numa rota',
  'planning.cannotMake': 'Não foi possível fazer o plano: {reason}',

  'planning.summary.nothing': 'Nada a planejar.',
  'planning.summary.planned': {
    one: '{stops} planejada para {couriers}',
    other: '{stops} planejadas para {couriers}',
  },
  'planning.summary.limit': '{planned} (no máximo {max} cada)',
  'planning.summary.late': {
    one: '{count} delas com previsão de atraso',
    other: '{count} delas com previsão de atraso',
  },
  'planning.summary.unplanned': {
    one: '{count} ficou sem atribuição: {reasons}',
    other: '{count} ficaram sem atribuição: {reasons}',
  },

  'planning.figure.planned': 'Paradas planejadas',
  'planning.figure.plannedValue': '{planned} de {unassigned} não atribuídas, para {couriers}',
  'planning.figure.distance': 'Distância (em linha reta)',
  'planning.figure.distanceValue': '{before} km → {after} km',
  'planning.figure.late': 'Paradas atrasadas nestas rotas',
  'planning.figure.reordered': 'Rotas só reordenadas',
  'planning.figure.unplanned': 'Sem atribuição',

  'planning.dialog.title': 'Plano para {hub}',
  'planning.dialog.theHub': 'o hub',
  'planning.dialog.making': 'Fazendo um plano… nada muda até você aceitá-lo.',
  'planning.dialog.routes': 'Rotas que mudam',
  'planning.dialog.courier': 'Entregador',
  'planning.dialog.newStops': 'Paradas novas',
  'planning.dialog.reordered': 'Reordenadas',
  'planning.dialog.stops': 'Paradas',
  'planning.dialog.km': 'km',
  'planning.dialog.late': 'Atrasadas',
  'planning.dialog.lateList': 'Planejadas mesmo atrasadas: {stops}',
  'planning.dialog.lateStop': '{stop} (cerca de {minutes} min)',
  'planning.dialog.leftOut': 'Sem atribuição: {stops}',
  'planning.dialog.andMore': { one: '{stops} e mais {count}', other: '{stops} e mais {count}' },
  'planning.dialog.expires': 'Nada mudou ainda. Este plano pode ser aceito até {time}.',
  'planning.dialog.accept': 'Aceitar',
  'planning.dialog.applying': 'Aplicando…',
  'planning.dialog.again': 'Planejar de novo',
  'planning.dialog.discard': 'Descartar',

  'planning.move.heading': 'Mover',
  'planning.move.order': 'Mover o pedido {order}',
  'planning.move.stops': { one: 'Mover {count} parada', other: 'Mover {count} paradas' },
  'planning.move.unselect': 'Tirar {stop} da seleção',
  'planning.move.conflict':
    'Não movido, uma rota mudou nesse meio-tempo: {reason}. As rotas foram recarregadas; confira e confirme de novo.',
  'planning.move.failed': 'Não movido: {reason}',
  'planning.move.selectFirst': 'Selecione uma ou mais paradas primeiro.',
  'planning.move.alreadyThere': 'Essas paradas já estão na rota desse entregador.',
  'planning.move.routeNotLoaded': 'A rota do entregador {courier} ainda não foi carregada.',
  'planning.move.routesNotLoaded': 'As rotas ainda não foram carregadas.',
  'planning.moved.order': 'Pedido {order} movido para {courier}',
  'planning.moved.orders': {
    one: '{count} pedido movido para {courier}',
    other: '{count} pedidos movidos para {courier}',
  },
  'planning.moved.stops': {
    one: 'Uma parada movida para {courier}',
    other: '{count} paradas movidas para {courier}',
  },
  'planning.undo.done': 'Movimento desfeito.',
  'planning.undo.failed': 'Não foi possível desfazer: {reason}',
  'planning.undo.conflict':
    'Não foi possível desfazer: uma rota mudou depois do movimento ({reason}). Nada foi alterado.',
};
