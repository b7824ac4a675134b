import type { SlaTier, StopKind } from '@dispatch/shared';
import type { MessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';

const KIND_KEY: Record<StopKind, MessageKey> = {
  delivery: 'office.kind.delivery',
  pickup: 'office.kind.pickup',
  return_pickup: 'office.kind.return_pickup',
};

const SLA_KEY: Record<SlaTier, MessageKey> = {
  express: 'office.sla.express',
  same_day: 'office.sla.same_day',
  next_day: 'office.sla.next_day',
};

/** A stop kind in the words the office uses. */
export const kindLabel = (kind: StopKind, t: Translate) => t(KIND_KEY[kind]);

/** A service level in the words the office uses. */
export const slaLabel = (tier: SlaTier, t: Translate) => t(SLA_KEY[tier]);
