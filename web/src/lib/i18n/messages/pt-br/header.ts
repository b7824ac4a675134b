import type { Message } from '../../translate';
import type { header as en } from '../en/header';

/**
 * The header's messages (with its connection badge, clock and shortcut help) and the sign-in
 * page's, in Brazilian Portuguese: every English key, no other.
 */
export const header: Record<keyof typeof en, Message> = {
  'header.brand': 'Torre de controle de entregas',
  'header.pages': 'Páginas',
  'header.skipToContent': 'Pular para o conteúdo principal',
  'header.lightTheme': 'Tema claro',
  'header.darkTheme': 'Tema escuro',
  'header.shortcuts': 'Atalhos de teclado',
  'header.console': 'Console',
  'header.timeline': 'Dia',
  'header.replay': 'Reprodução',
  'header.import': 'Importar',
  'header.stops': 'Não atribuídas',
  'header.reports': 'Relatórios',
  'header.settings': 'Configurações',
  'header.sla': 'SLA',
  'header.signOut': 'Sair',
  'header.language': 'Idioma',
  'header.connection.live': 'Ao vivo',
  'header.connection.node': 'conectado ao nó {node} do servidor',
  'header.connection.reconnecting': 'Reconectando',
  'header.connection.offline': 'Offline',
  'header.connection.connecting': 'conectando…',
  'header.connection.loadingView': 'carregando a visão…',
  'header.connection.disconnected': 'desconectado ({reason})',
  'header.connection.unreachable': 'o servidor não responde; tentando de novo',
  'header.connection.attempt': 'reconectando (tentativa {attempt})',
  'header.connection.noNetwork': 'sem rede',
  'header.connection.networkBack': 'rede de volta; reconectando…',
  'header.connection.signedOut': 'sua sessão foi encerrada; entre de novo',
  'header.clock.hub': 'Horário de {hub} ({zone}); todos os horários do console estão nele',
  'header.clock.local': 'Horário local ({zone}); todos os horários do console estão nele',
  'header.help.or': 'ou',
  'header.help.multiSelect':
    'Use Shift+clique nas paradas do mapa, da busca ou da linha do tempo para selecionar várias e movê-las à mão.',
  'header.help.nextProblem': 'Próximo problema',
  'header.help.previousProblem': 'Problema anterior',
  'header.help.acknowledge': 'Marcar o problema selecionado como ciente',
  'header.help.acceptFix': 'Aceitar a sugestão selecionada',
  'header.help.nextBehind': 'Próximo entregador atrasado ou em risco',
  'header.help.plan': 'Planejar as paradas não atribuídas (uma prévia para aceitar)',
  'header.help.searchCouriers': 'Buscar entregadores',
  'header.help.clearSelection': 'Limpar a seleção (ou fechar esta ajuda)',
  'header.help.toggle': 'Mostrar ou ocultar estes atalhos',
  'login.title': 'Entrar',
  'login.email': 'E-mail',
  'login.password': 'Senha',
  'login.submit': 'Entrar',
  'login.signingIn': 'Entrando…',
  'login.wrongCredentials': 'E-mail ou senha incorretos.',
  'login.tooManyAttempts':
    'Muitas tentativas de entrar: o acesso fica pausado por um tempo. Aguarde alguns minutos e tente de novo.',
};
