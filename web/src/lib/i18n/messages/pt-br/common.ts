import type { Message } from '../../translate';
import type { common as en } from '../en/common';

/** Words every page uses, in Brazilian Portuguese: every English key, no other. */
export const common: Record<keyof typeof en, Message> = {
  'common.loading': 'Carregando…',
  'common.cancel': 'Cancelar',
  'common.close': 'Fechar',
  'common.save': 'Salvar',
  'common.minutes': { one: '{count} min', other: '{count} min' },
  'common.stops': { one: '{count} parada', other: '{count} paradas' },
  'common.couriers': { one: '{count} entregador', other: '{count} entregadores' },
};
