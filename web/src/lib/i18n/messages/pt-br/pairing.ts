import type { Message } from '../../translate';
import type { pairing as en } from '../en/pairing';

/** Pairing a courier's phone, in Brazilian Portuguese: every English key, no other. */
export const pairing: Record<keyof typeof en, Message> = {
  'pairing.heading': 'Celular',
  'pairing.hasToken': 'Um celular ou rastreador pode entrar como este entregador.',
  'pairing.noToken': 'Nenhum celular está conectado como este entregador.',
  'pairing.pair': 'Parear um celular',
  'pairing.pairHint':
    'Mostra um link, um QR code e um código que conectam um celular como este entregador; o celular usado antes é desconectado',
  'pairing.title': 'Parear um celular com {courier}',
  'pairing.making': 'Gerando um código…',
  'pairing.failed': 'Nenhum código foi gerado: {reason}',
  'pairing.scan':
    'Aponte a câmera do celular do entregador para este código ou abra o link no celular:',
  'pairing.qrAlt': 'QR code do link que pareia um celular com {courier}',
  'pairing.copy': 'Copiar link',
  'pairing.copied': 'Link copiado.',
  'pairing.copyFailed': 'Não foi possível copiar: selecione o link e copie.',
  'pairing.onlyThisComputer':
    'Este link aponta para este computador, que o celular não consegue abrir. Inicie o servidor com PUBLIC_URL apontando para um endereço que o celular alcance (como http://192.168.1.20:3000) e HOST=0.0.0.0.',
  'pairing.typeCode': 'Ou digite este código na página de pareamento do celular:',
  'pairing.codeLabel': 'Código de pareamento',
  'pairing.expiresIn': 'Vale uma vez, por mais {time}.',
  'pairing.expired': 'Este código expirou.',
  'pairing.newCode': 'Gerar outro código',
  'pairing.replaces': 'Parear desconecta o celular que este entregador usava antes.',
  'pairing.signOut': 'Desconectar o celular',
  'pairing.signOutConfirm':
    'O celular de {courier} deixará de enviar posições e de receber mudanças de rota até que um celular seja pareado de novo. Desconectar?',
  'pairing.signOutYes': 'Desconectar',
  'pairing.signingOut': 'Desconectando…',
  'pairing.signedOut': 'O celular foi desconectado.',
  'pairing.signOutFailed': 'Não foi desconectado: {reason}',
};
