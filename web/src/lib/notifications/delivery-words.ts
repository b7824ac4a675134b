import type {
  ConsoleUser,
  InstructionKind,
  NotificationChannel,
  NotificationDeliveryView,
  NotificationEventType,
} from '@dispatch/shared';
import type { MessageKey } from '../i18n/messages/en';
import type { Translate } from '../i18n/translate';

/** How a delivery stands, as the console tells it apart. */
export type DeliveryState = 'sent' | 'queued' | 'retrying' | 'dead' | 'logged';

/** `pending` reads as queued before its first attempt and as retrying after a failed one. */
export function deliveryState(
  d: Pick<NotificationDeliveryView, 'status' | 'attempts'>,
): DeliveryState {
  if (d.status === 'pending') return d.attempts > 0 ? 'retrying' : 'queued';
  return d.status;
}

/** A delivery's state in words: attempts and the last answer while retrying. */
export function deliveryStateText(
  d: Pick<NotificationDeliveryView, 'status' | 'attempts' | 'lastStatusCode'>,
  t: Translate,
): string {
  const state = deliveryState(d);
  switch (state) {
    case 'retrying':
      return t('notifications.status.retrying', {
        count: d.attempts,
        code:
          d.lastStatusCode === null
            ? ''
            : t('notifications.status.lastCode', { code: String(d.lastStatusCode) }),
      });
    case 'dead':
      return d.attempts > 0
        ? t('notifications.status.deadAfter', { count: d.attempts })
        : t('notifications.status.dead');
    default:
      return t(`notifications.status.${state}`);
  }
}

export const EVENT_LABELS: Record<NotificationEventType, MessageKey> = {
  'stop.created': 'notifications.type.stop.created',
  'stop.assigned': 'notifications.type.stop.assigned',
  'stop.out_for_delivery': 'notifications.type.stop.out_for_delivery',
  'stop.eta_changed': 'notifications.type.stop.eta_changed',
  'stop.arriving': 'notifications.type.stop.arriving',
  'stop.delivered': 'notifications.type.stop.delivered',
  'stop.failed': 'notifications.type.stop.failed',
  'stop.rescheduled': 'notifications.type.stop.rescheduled',
  'stop.returned': 'notifications.type.stop.returned',
  'stop.cancelled': 'notifications.type.stop.cancelled',
};

export const CHANNEL_LABELS: Record<NotificationChannel, MessageKey> = {
  webhook: 'notifications.channel.webhook',
  email: 'notifications.channel.email',
  sms: 'notifications.channel.sms',
};

export const INSTRUCTION_LABELS: Record<InstructionKind, MessageKey> = {
  safe_place: 'notifications.instructions.safe_place',
  neighbour: 'notifications.instructions.neighbour',
  door_code: 'notifications.instructions.door_code',
  other: 'notifications.instructions.other',
};

/** Admins send a delivery again once it was sent or given up on (the server's own rule). */
export function canResend(
  d: Pick<NotificationDeliveryView, 'status'>,
  user: Pick<ConsoleUser, 'role'> | null,
): boolean {
  return user?.role === 'admin' && (d.status === 'sent' || d.status === 'dead');
}

/** When the delivery last moved: sent, else created. */
export const deliveryTime = (d: Pick<NotificationDeliveryView, 'sentAt' | 'createdAt'>) =>
  d.sentAt ?? d.createdAt;
