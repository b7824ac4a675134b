import type { FailureReason } from '@dispatch/shared';
import type { LocalSpan, MessageFacts } from '../message-facts';
import type { EmailDraft, EmailWords } from './email-words';

const span = (s: LocalSpan) =>
  s.day === 'today'
    ? `hoje, entre ${s.start} e ${s.end}`
    : s.day === 'tomorrow'
      ? `amanhã, entre ${s.start} e ${s.end}`
      : `em ${s.date}, entre ${s.start} e ${s.end}`;

/** " A-1042", or nothing when the order has no reference. */
const ref = (f: MessageFacts) => (f.ref ? ` ${f.ref}` : '');
const at = (f: MessageFacts) => (f.doneAt ? ` às ${f.doneAt}` : '');
const isReturn = (f: MessageFacts) => f.kind === 'return_pickup';

const REASONS: Record<FailureReason, string | null> = {
  not_home: 'não havia ninguém em casa',
  refused: 'a encomenda foi recusada',
  wrong_address: 'o entregador não encontrou o endereço',
  no_access: 'o entregador não conseguiu chegar até a porta',
  damaged: 'a encomenda estava danificada',
  unsafe: 'não era seguro fazer a entrega',
  other: null,
};

const because = (f: MessageFacts, otherwise: string) => {
  const reason = f.failure ? REASONS[f.failure] : null;
  return `, mas ${reason ?? otherwise}`;
};

const TRACK = 'Acompanhar o pedido';
const TRACK_RETURN = 'Acompanhar a devolução';
const DETAILS = 'Ver os detalhes';

function created(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `A coleta da sua devolução${ref(f)} está marcada`,
      paragraphs: [
        `Um entregador de ${f.hub} vai coletar a sua devolução ${span(f.window)}.`,
        'Deixe a encomenda pronta. Na página de acompanhamento você pode deixar instruções para o entregador ou escolher outro horário.',
      ],
      action: TRACK_RETURN,
    };
  return {
    subject: `Recebemos o seu pedido${ref(f)}`,
    paragraphs: [
      `${f.hub} recebeu o seu pedido${ref(f)} e vai entregá-lo ${span(f.window)}.`,
      'Na página de acompanhamento você pode seguir o entregador no dia, deixar instruções (um local seguro, um vizinho, o código da portaria) ou escolher outro horário.',
    ],
    action: TRACK,
  };
}

function outForDelivery(f: MessageFacts): EmailDraft {
  const when = span(f.eta ?? f.window);
  if (isReturn(f))
    return {
      subject: `O entregador está a caminho para coletar a sua devolução${ref(f)}`,
      paragraphs: [`Ele deve chegar ${when}.`, 'Deixe a encomenda pronta.'],
      action: TRACK_RETURN,
    };
  return {
    subject: `Seu pedido${ref(f)} saiu para entrega`,
    paragraphs: [
      `O seu pedido${ref(f)} está a caminho e deve chegar ${when}.`,
      'Até o entregador chegar, você ainda pode deixar instruções na página de acompanhamento.',
    ],
    action: TRACK,
  };
}

function etaChanged(f: MessageFacts): EmailDraft {
  const when = span(f.eta ?? f.window);
  if (isReturn(f))
    return {
      subject: `Novo horário de coleta da sua devolução${ref(f)}`,
      paragraphs: [`O entregador agora deve chegar ${when}.`],
      action: TRACK_RETURN,
    };
  return {
    subject: `Novo horário de chegada do seu pedido${ref(f)}`,
    paragraphs: [`O seu pedido${ref(f)} agora deve chegar ${when}.`],
    action: TRACK,
  };
}

function arriving(f: MessageFacts): EmailDraft {
  const soon = f.eta
    ? `O entregador deve chegar ${span(f.eta)}.`
    : 'O entregador está a poucos minutos.';
  return isReturn(f)
    ? {
        subject: `O entregador chega em poucos minutos para coletar a sua devolução${ref(f)}`,
        paragraphs: [soon, 'Deixe a encomenda pronta.'],
        action: TRACK_RETURN,
      }
    : {
        subject: `Seu pedido${ref(f)} chega em poucos minutos`,
        paragraphs: [soon],
        action: TRACK,
      };
}

function delivered(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `Coletamos a sua devolução${ref(f)}`,
      paragraphs: [`O entregador coletou a sua devolução${at(f)}. Obrigado.`],
      action: DETAILS,
    };
  const by = f.recipient ? `, recebido por ${f.recipient}` : '';
  return {
    subject: `Seu pedido${ref(f)} foi entregue`,
    paragraphs: [`O seu pedido${ref(f)} foi entregue${at(f)}${by}.`, 'Obrigado pela preferência.'],
    action: DETAILS,
  };
}

function failed(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `Não conseguimos coletar a sua devolução${ref(f)}`,
      paragraphs: [
        `O entregador passou para coletar a sua devolução${at(f)}${because(f, 'não conseguiu coletá-la')}.`,
        'Escolha um novo horário na página de acompanhamento.',
      ],
      action: 'Escolher um novo horário',
    };
  return {
    subject: `Não conseguimos entregar o seu pedido${ref(f)}`,
    paragraphs: [
      `O entregador tentou entregar o seu pedido${ref(f)}${at(f)}${because(f, 'não conseguiu entregá-lo')}.`,
      `Avisaremos quando tentarmos de novo. Se preferir outro horário, escolha-o na página de acompanhamento ou retire a encomenda em ${f.hub}.`,
    ],
    action: 'Escolher um novo horário',
  };
}

function rescheduled(f: MessageFacts): EmailDraft {
  if (f.collectAtHub) return readyAtHub(f);
  return isReturn(f)
    ? {
        subject: `Novo horário de coleta da sua devolução${ref(f)}`,
        paragraphs: [`Um entregador vai coletar a sua devolução ${span(f.window)}.`],
        action: TRACK_RETURN,
      }
    : {
        subject: `Novo horário de entrega do seu pedido${ref(f)}`,
        paragraphs: [`O seu pedido${ref(f)} agora será entregue ${span(f.window)}.`],
        action: TRACK,
      };
}

function readyAtHub(f: MessageFacts): EmailDraft {
  return {
    subject: `Seu pedido${ref(f)} está pronto para retirada em ${f.hub}`,
    paragraphs: [
      `O seu pedido${ref(f)} espera por você em ${f.hub}. Leve este e-mail ou a referência do pedido.`,
    ],
    action: DETAILS,
  };
}

function returned(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `Sua devolução${ref(f)} chegou`,
      paragraphs: [`A sua devolução já está em ${f.hub}. A loja cuida do resto.`],
      action: DETAILS,
    };
  if (f.collectAtHub) return readyAtHub(f);
  return {
    subject: `Seu pedido${ref(f)} voltou para ${f.hub}`,
    paragraphs: [
      `Depois das tentativas de entrega, o seu pedido${ref(f)} voltou para ${f.hub}. Fale com a loja para combinar uma nova entrega.`,
    ],
    action: DETAILS,
  };
}

function cancelled(f: MessageFacts): EmailDraft {
  const what = isReturn(f)
    ? `A coleta da sua devolução${ref(f)}`
    : `A entrega do seu pedido${ref(f)}`;
  return {
    subject: `${what} foi cancelada`,
    paragraphs: [
      `${what} foi cancelada. Se você não esperava por isso, fale com a loja onde fez a compra.`,
    ],
    action: DETAILS,
  };
}

export const EMAIL_WORDS_PT_BR: EmailWords = {
  greeting: (name) => (name ? `Olá, ${name}!` : 'Olá!'),
  footer: (hub) => `Mensagem automática sobre uma entrega de ${hub}.`,
  drafts: {
    'stop.created': created,
    'stop.out_for_delivery': outForDelivery,
    'stop.eta_changed': etaChanged,
    'stop.arriving': arriving,
    'stop.delivered': delivered,
    'stop.failed': failed,
    'stop.rescheduled': rescheduled,
    'stop.returned': returned,
    'stop.cancelled': cancelled,
  },
};
