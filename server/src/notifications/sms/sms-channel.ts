import type { NotificationEventType, StopKind } from '@dispatch/shared';
import type { CustomerChannel, CustomerMessage, SendOutcome } from '../channel';
import { CUSTOMER_STOP_KINDS } from '../message-facts';
import type { SmsProvider } from './sms-provider';
import { SMS_EVENTS, smsText } from './sms-texts';

const EVENTS: ReadonlySet<NotificationEventType> = new Set(SMS_EVENTS);

/**
 * A phone number as gateways take it: digits with an optional leading `+`, without the spaces,
 * dashes, dots and brackets people write; null when too short to be one.
 */
export function phoneNumber(raw: string | null): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(digits)) return null;
  return digits;
}

/** Customers' text messages through an SMS provider; without one nothing is sent. */
export class SmsChannel implements CustomerChannel {
  readonly channel = 'sms';
  readonly configured: boolean;

  constructor(private readonly provider: SmsProvider | null) {
    this.configured = provider !== null;
  }

  recipientOf(stop: { customerPhone: string | null }): string | null {
    return phoneNumber(stop.customerPhone);
  }

  wants(type: NotificationEventType, kind: StopKind): boolean {
    return EVENTS.has(type) && CUSTOMER_STOP_KINDS.has(kind);
  }

  async send(recipient: string, message: CustomerMessage): Promise<SendOutcome> {
    const text = smsText(message);
    if (!text) return { ok: false, retry: false, error: 'no text message for this event' };
    if (!this.provider) return { ok: false, retry: false, error: 'SMS_GATEWAY_URL is not set' };
    return this.provider.send(recipient, text);
  }
}
