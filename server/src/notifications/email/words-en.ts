import type { FailureReason } from '@dispatch/shared';
import type { LocalSpan, MessageFacts } from '../message-facts';
import type { EmailDraft, EmailWords } from './email-words';

const span = (s: LocalSpan) =>
  s.day === 'today'
    ? `today between ${s.start} and ${s.end}`
    : s.day === 'tomorrow'
      ? `tomorrow between ${s.start} and ${s.end}`
      : `on ${s.date}, between ${s.start} and ${s.end}`;

/** " A-1042", or nothing when the order has no reference. */
const ref = (f: MessageFacts) => (f.ref ? ` ${f.ref}` : '');
const at = (f: MessageFacts) => (f.doneAt ? ` at ${f.doneAt}` : '');
const isReturn = (f: MessageFacts) => f.kind === 'return_pickup';

const REASONS: Record<FailureReason, string | null> = {
  not_home: 'nobody was at home',
  refused: 'the parcel was refused',
  wrong_address: 'the courier could not find the address',
  no_access: 'the courier could not get to the door',
  damaged: 'the parcel was damaged',
  unsafe: 'it was not safe to deliver',
  other: null,
};

const because = (f: MessageFacts, otherwise: string) => {
  const reason = f.failure ? REASONS[f.failure] : null;
  return reason ? `, but ${reason}` : ` but ${otherwise}`;
};

const TRACK = 'Track your order';
const TRACK_RETURN = 'Track your return';
const DETAILS = 'See the details';

function created(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `Your return${ref(f)} is booked`,
      paragraphs: [
        `A courier from ${f.hub} will collect your return ${span(f.window)}.`,
        'Please have the parcel ready. On the tracking page you can leave instructions for the courier or choose another time.',
      ],
      action: TRACK_RETURN,
    };
  return {
    subject: `We have your order${ref(f)}`,
    paragraphs: [
      `${f.hub} has received your order${ref(f)} and will deliver it ${span(f.window)}.`,
      'On the tracking page you can follow the courier on the day, leave instructions (a safe place, a neighbour, a door code) or choose another time.',
    ],
    action: TRACK,
  };
}

function outForDelivery(f: MessageFacts): EmailDraft {
  const when = span(f.eta ?? f.window);
  if (isReturn(f))
    return {
      subject: `A courier is on the way to collect your return${ref(f)}`,
      paragraphs: [`The courier should arrive ${when}.`, 'Please have the parcel ready.'],
      action: TRACK_RETURN,
    };
  return {
    subject: `Your order${ref(f)} is out for delivery`,
    paragraphs: [
      `Your order${ref(f)} is on its way and should arrive ${when}.`,
      'Until the courier arrives you can still leave instructions on the tracking page.',
    ],
    action: TRACK,
  };
}

function etaChanged(f: MessageFacts): EmailDraft {
  const when = span(f.eta ?? f.window);
  if (isReturn(f))
    return {
      subject: `New time for collecting your return${ref(f)}`,
      paragraphs: [`The courier should now arrive ${when}.`],
      action: TRACK_RETURN,
    };
  return {
    subject: `New arrival time for your order${ref(f)}`,
    paragraphs: [`Your order${ref(f)} should now arrive ${when}.`],
    action: TRACK,
  };
}

function arriving(f: MessageFacts): EmailDraft {
  const soon = f.eta
    ? `The courier should be at your door ${span(f.eta)}.`
    : 'The courier is a few minutes away.';
  return isReturn(f)
    ? {
        subject: `The courier collecting your return${ref(f)} arrives in a few minutes`,
        paragraphs: [soon, 'Please have the parcel ready.'],
        action: TRACK_RETURN,
      }
    : {
        subject: `Your order${ref(f)} arrives in a few minutes`,
        paragraphs: [soon],
        action: TRACK,
      };
}

function delivered(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `We collected your return${ref(f)}`,
      paragraphs: [`The courier collected your return${at(f)}. Thank you.`],
      action: DETAILS,
    };
  const by = f.recipient ? `, received by ${f.recipient}` : '';
  return {
    subject: `Your order${ref(f)} was delivered`,
    paragraphs: [`Your order${ref(f)} was delivered${at(f)}${by}.`, 'Thank you for your order.'],
    action: DETAILS,
  };
}

function failed(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `We could not collect your return${ref(f)}`,
      paragraphs: [
        `The courier came for your return${at(f)}${because(f, 'could not collect it')}.`,
        'Please choose a new time on the tracking page.',
      ],
      action: 'Choose a new time',
    };
  return {
    subject: `We could not deliver your order${ref(f)}`,
    paragraphs: [
      `The courier tried to deliver your order${ref(f)}${at(f)}${because(f, 'could not hand it over')}.`,
      `We will tell you when we try again. If another time suits you better, choose it on the tracking page, or collect the parcel at ${f.hub}.`,
    ],
    action: 'Choose a new time',
  };
}

function rescheduled(f: MessageFacts): EmailDraft {
  if (f.collectAtHub) return readyAtHub(f);
  return isReturn(f)
    ? {
        subject: `New collection time for your return${ref(f)}`,
        paragraphs: [`A courier will now collect your return ${span(f.window)}.`],
        action: TRACK_RETURN,
      }
    : {
        subject: `New delivery time for your order${ref(f)}`,
        paragraphs: [`Your order${ref(f)} will now be delivered ${span(f.window)}.`],
        action: TRACK,
      };
}

function readyAtHub(f: MessageFacts): EmailDraft {
  return {
    subject: `Your order${ref(f)} is ready to collect at ${f.hub}`,
    paragraphs: [
      `Your order${ref(f)} is waiting for you at ${f.hub}. Bring this email or your order reference when you come.`,
    ],
    action: DETAILS,
  };
}

function returned(f: MessageFacts): EmailDraft {
  if (isReturn(f))
    return {
      subject: `Your return${ref(f)} has arrived`,
      paragraphs: [`Your return reached ${f.hub}. The shop will take it from here.`],
      action: DETAILS,
    };
  if (f.collectAtHub) return readyAtHub(f);
  return {
    subject: `Your order${ref(f)} went back to ${f.hub}`,
    paragraphs: [
      `After the attempts to deliver it, your order${ref(f)} is back at ${f.hub}. Please contact the shop to arrange a new delivery.`,
    ],
    action: DETAILS,
  };
}

function cancelled(f: MessageFacts): EmailDraft {
  const what = isReturn(f)
    ? `collection of your return${ref(f)}`
    : `delivery of your order${ref(f)}`;
  return {
    subject: `The ${what} was cancelled`,
    paragraphs: [`The ${what} was cancelled. If you did not expect this, please contact the shop.`],
    action: DETAILS,
  };
}

export const EMAIL_WORDS_EN: EmailWords = {
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  footer: (hub) => `This is an automatic message about a delivery from ${hub}.`,
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
