import type { Message } from '../../translate';
import type { settings as en } from '../en/settings';

/** The settings page's messages in Brazilian Portuguese: every English key, no other. */
export const settings: Record<keyof typeof en, Message> = {
  'settings.title': 'Configurações',
  'settings.hubPolicies': 'Regras dos hubs',
  'settings.intro':
    'O despacho automático aceita uma sugestão sozinho quando ela elimina atrasos sem atrasar ninguém. A meta de pontualidade é a parcela das entregas dentro da janela que o hub promete; abaixo dela, os supervisores são alertados. Os turnos e todos os horários do console estão no fuso horário do hub.',
  'settings.readOnly':
    'Só supervisores e administradores alteram estas regras; você pode consultá-las.',
  'settings.noHubs': 'Nenhum hub ainda.',
  'settings.hub': 'Hub',
  'settings.autoDispatch': 'Despacho automático',
  'settings.onTimeTarget': 'Meta de pontualidade',
  'settings.timeZone': 'Fuso horário',
  'settings.on': 'Ligado',
  'settings.off': 'Desligado',
  'settings.targetLabel': 'Meta de pontualidade de {hub}, em porcentagem',
  'settings.zoneLabel': 'Fuso horário de {hub}',
  'settings.saving': 'Salvando…',
  'settings.saved': 'Salvo',
  'settings.notSaved': 'Não salvo: {reason}',
  'settings.targetRange': 'A meta de pontualidade é uma porcentagem de 0 a 100',
  'settings.unknownZone': '"{zone}" não é um nome de fuso horário como America/Campo_Grande',
};
