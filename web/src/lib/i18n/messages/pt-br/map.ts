import type { Message } from '../../translate';
import type { map as en } from '../en/map';

/** The console map's messages in Brazilian Portuguese: every English key, no other. */
export const map: Record<keyof typeof en, Message> = {
  'map.dropOnCourier': 'Solte sobre um entregador para passar a parada para ele',
  'map.dropOnAnother': 'Solte sobre outro entregador para mover a parada',
  'map.workingOut': '{name}: calculando o efeito…',
  'map.draggedOrder': 'Pedido {ref}',
  'map.draggedStop': 'Parada {id}',
  'map.panelProblems': 'Problemas',
  'map.panelCouriers': 'Entregadores e paradas',
  'map.panelDrawer': 'Detalhes do entregador',
  'map.collapsePanel': 'Recolher este painel; o mapa ganha o espaço',
  'map.expandPanel': 'Mostrar este painel de novo',
};
