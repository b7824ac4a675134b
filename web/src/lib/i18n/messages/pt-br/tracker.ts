import type { Message } from '../../translate';
import type { tracker as en } from '../en/tracker';

/** A courier's GPS tracker, in Brazilian Portuguese: every English key, no other. */
export const tracker: Record<keyof typeof en, Message> = {
  'tracker.heading': 'Segredo do rastreador',
  'tracker.explain':
    'Um rastreador GPS ou o app Traccar Client envia posições deste entregador quando o identificador do dispositivo é o segredo do rastreador.',
  'tracker.issuedAt': 'Um segredo foi emitido há {age}.',
  'tracker.none': 'Nenhum segredo de rastreador foi emitido.',
  'tracker.issue': 'Emitir um segredo',
  'tracker.rotate': 'Trocar o segredo',
  'tracker.rotateHint': 'Cria um novo segredo; o rastreador com o antigo deixa de ser aceito',
  'tracker.revoke': 'Revogar o segredo',
  'tracker.revoked': 'O segredo foi revogado: o rastreador não é mais aceito.',
  'tracker.working': 'Aguarde…',
  'tracker.failed': 'Não deu certo: {reason}',
  'tracker.showOnce': 'Copie agora: ele só aparece desta vez.',
  'tracker.secretLabel': 'Identificador do dispositivo',
  'tracker.urlLabel': 'URL do servidor',
  'tracker.done': 'Pronto',
  'tracker.legacy': 'Aceitar também o id próprio do rastreador ({id})',
  'tracker.legacyHint':
    'Só para rastreadores antigos que não aceitam um segredo: quem souber esse id pode enviar posições por este entregador.',
  'tracker.noExternalId': 'Nenhum id de rastreador foi definido para este entregador.',
};
