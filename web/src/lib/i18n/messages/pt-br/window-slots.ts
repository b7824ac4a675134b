import type { Message } from '../../translate';
import type { windowSlots as en } from '../en/window-slots';

/** Janelas de entrega dos hubs em português do Brasil: cada chave em inglês, nenhuma outra. */
export const windowSlots: Record<keyof typeof en, Message> = {
  'slots.heading': 'Janelas de entrega para clientes',
  'slots.intro':
    'As janelas para as quais o cliente pode mudar a entrega pela página de rastreamento, todos os dias no horário do hub, cada uma com quantas entregas aceita por dia. Sem nenhuma, o cliente só pode escolher retirar o pacote no hub.',
  'slots.hub': 'Hub',
  'slots.start': 'De',
  'slots.end': 'Até',
  'slots.capacity': 'Entregas por dia',
  'slots.none': 'Nenhuma janela: o cliente só pode retirar no hub.',
  'slots.add': 'Adicionar janela',
  'slots.remove': 'Remover',
  'slots.startLabel': 'Início da janela {n}',
  'slots.endLabel': 'Fim da janela {n}',
  'slots.capacityLabel': 'Entregas por dia da janela {n}',
  'slots.removeLabel': 'Remover a janela {n}',
  'slots.readOnly': 'Só supervisores e administradores deste hub alteram estas janelas.',
  'slots.saving': 'Salvando…',
  'slots.saved': 'Salvo',
  'slots.notSaved': 'Não salvo: {reason}',
  'slots.badTime': 'Cada janela precisa de um horário de início e de fim',
  'slots.capacityRange': 'Entregas por dia devem ser um número inteiro de 1 a {max}',
  'slots.endBeforeStart': 'A janela {slot} termina antes de começar',
  'slots.overlap': 'As janelas {a} e {b} se sobrepõem',
  'slots.tooMany': 'No máximo {max} janelas',
};
