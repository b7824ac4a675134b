import type { CustomerLanguage, NotificationEventType } from '@dispatch/shared';
import type { CustomerMessage } from '../channel';
import { messageFacts, type LocalSpan, type MessageFacts } from '../message-facts';

/** Events a customer gets a text message about: the day of the delivery and its outcome. */
export const SMS_EVENTS = [
  'stop.out_for_delivery',
  'stop.arriving',
  'stop.delivered',
  'stop.failed',
  'stop.rescheduled',
] as const satisfies readonly NotificationEventType[];
export type SmsEventType = (typeof SMS_EVENTS)[number];

const isSmsEvent = (type: string): type is SmsEventType =>
  (SMS_EVENTS as readonly string[]).includes(type);

// Plain ASCII punctuation: a dash or a curly quote would make the whole text a Unicode message,
// which fits 70 characters a part instead of 160.
type Texts = Record<SmsEventType, (f: MessageFacts) => string>;

const EN: Texts = (() => {
  const span = (s: LocalSpan) =>
    `${s.day === 'today' ? 'today' : s.day === 'tomorrow' ? 'tomorrow' : s.shortDate} ${s.start}-${s.end}`;
  const what = (f: MessageFacts) =>
    f.kind === 'return_pickup' ? `your return${ref(f)}` : `your order${ref(f)}`;
  return {
    'stop.out_for_delivery': (f) =>
      f.kind === 'return_pickup'
        ? `${f.hub}: a courier is coming for ${what(f)}, ${span(f.eta ?? f.window)}.${link(f)}`
        : `${f.hub}: ${what(f)} is out for delivery, ${span(f.eta ?? f.window)}.${link(f)}`,
    'stop.arriving': (f) =>
      f.kind === 'return_pickup'
        ? `${f.hub}: the courier for ${what(f)} is minutes away${eta(f)}.${link(f)}`
        : `${f.hub}: ${what(f)} arrives in a few minutes${eta(f)}.${link(f)}`,
    'stop.delivered': (f) =>
      f.kind === 'return_pickup'
        ? `${f.hub}: ${what(f)} was collected${f.doneAt ? ` at ${f.doneAt}` : ''}. Thank you.`
        : `${f.hub}: ${what(f)} was delivered${f.doneAt ? ` at ${f.doneAt}` : ''}${f.recipient ? `, received by ${f.recipient}` : ''}.${link(f)}`,
    'stop.failed': (f) =>
      `${f.hub}: we could not ${f.kind === 'return_pickup' ? 'collect' : 'deliver'} ${what(f)}.${link(f, 'Choose a new time')}`,
    'stop.rescheduled': (f) =>
      f.collectAtHub
        ? `${f.hub}: ${what(f)} waits for you at ${f.hub}.${link(f)}`
        : `${f.hub}: new time for ${what(f)}: ${span(f.window)}.${link(f)}`,
  };
})();

const PT_BR: Texts = (() => {
  const span = (s: LocalSpan) =>
    `${s.day === 'today' ? 'hoje' : s.day === 'tomorrow' ? 'amanhã' : s.shortDate}, ${s.start}-${s.end}`;
  const what = (f: MessageFacts) =>
    f.kind === 'return_pickup' ? `sua devolução${ref(f)}` : `seu pedido${ref(f)}`;
  return {
    'stop.out_for_delivery': (f) =>
      f.kind === 'return_pickup'
        ? `${f.hub}: saímos para coletar ${what(f)}, ${span(f.eta ?? f.window)}.${link(f)}`
        : `${f.hub}: ${what(f)} saiu para entrega, ${span(f.eta ?? f.window)}.${link(f)}`,
    'stop.arriving': (f) =>
      f.kind === 'return_pickup'
        ? `${f.hub}: coleta de ${what(f)} em poucos minutos${eta(f)}.${link(f)}`
        : `${f.hub}: ${what(f)} chega em poucos minutos${eta(f)}.${link(f)}`,
    'stop.delivered': (f) =>
      f.kind === 'return_pickup'
        ? `${f.hub}: ${what(f)} foi coletada${f.doneAt ? ` às ${f.doneAt}` : ''}. Obrigado.`
        : `${f.hub}: ${what(f)} foi entregue${f.doneAt ? ` às ${f.doneAt}` : ''}${f.recipient ? `, recebido por ${f.recipient}` : ''}.${link(f)}`,
    'stop.failed': (f) =>
      `${f.hub}: não conseguimos ${f.kind === 'return_pickup' ? 'coletar' : 'entregar'} ${what(f)}.${link(f, 'Novo horário')}`,
    'stop.rescheduled': (f) =>
      f.collectAtHub
        ? `${f.hub}: ${what(f)} espera por você em ${f.hub}.${link(f)}`
        : `${f.hub}: novo horário para ${what(f)}: ${span(f.window)}.${link(f)}`,
  };
})();

function ref(f: MessageFacts): string {
  return f.ref ? ` ${f.ref}` : '';
}

/** The tracking link at the end, after what to do with it when that is not obvious. */
function link(f: MessageFacts, label?: string): string {
  if (!f.link) return '';
  return label ? ` ${label}: ${f.link}` : ` ${f.link}`;
}

/** " (14:20-14:40)" while an ETA is known. */
function eta(f: MessageFacts): string {
  return f.eta ? ` (${f.eta.start}-${f.eta.end})` : '';
}

const TEXTS: Record<CustomerLanguage, Texts> = { en: EN, 'pt-BR': PT_BR };

/**
 * The text message a customer gets for a stop event, in their language with times in the hub's
 * zone (short: under 160 characters with a typical link), or null when none is sent for it.
 */
export function smsText(message: CustomerMessage): string | null {
  const facts = messageFacts(message);
  if (!facts || !isSmsEvent(facts.type)) return null;
  return (TEXTS[facts.language] ?? EN)[facts.type](facts);
}
