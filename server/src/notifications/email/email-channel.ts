import type { NotificationEventType, StopKind } from '@dispatch/shared';
import type { CustomerChannel, CustomerMessage, SendOutcome } from '../channel';
import { CUSTOMER_STOP_KINDS } from '../message-facts';
import { renderEmail } from './email-render';
import { smtpFailure } from './smtp-outcome';

/** A message as the mail transport takes it (nodemailer's `sendMail` fields we use). */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Where emails go out: nodemailer's SMTP transport, or a fake in tests. */
export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<unknown>;
  close(): void;
}

/**
 * Events a customer gets an email about. `stop.assigned` is internal; `stop.arriving` is sent
 * too, since a customer without a phone number hears of it no other way.
 */
export const EMAIL_EVENTS: ReadonlySet<NotificationEventType> = new Set([
  'stop.created',
  'stop.out_for_delivery',
  'stop.eta_changed',
  'stop.arriving',
  'stop.delivered',
  'stop.failed',
  'stop.rescheduled',
  'stop.returned',
  'stop.cancelled',
]);

const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Customers' emails over SMTP; without a transport (`SMTP_URL` unset) nothing is sent. */
export class EmailChannel implements CustomerChannel {
  readonly channel = 'email';
  readonly configured: boolean;

  constructor(
    private readonly transport: MailTransport | null,
    private readonly from: string,
  ) {
    this.configured = transport !== null;
  }

  recipientOf(stop: { customerEmail: string | null }): string | null {
    const email = stop.customerEmail?.trim();
    return email && EMAIL_ADDRESS.test(email) ? email : null;
  }

  wants(type: NotificationEventType, kind: StopKind): boolean {
    return EMAIL_EVENTS.has(type) && CUSTOMER_STOP_KINDS.has(kind);
  }

  async send(recipient: string, message: CustomerMessage): Promise<SendOutcome> {
    const email = renderEmail(message);
    if (!email) return { ok: false, retry: false, error: 'no email for this event' };
    if (!this.transport) return { ok: false, retry: false, error: 'SMTP_URL is not set' };
    try {
      await this.transport.sendMail({
        from: this.from,
        to: recipient,
        ...email,
        // An automatic message: out-of-office replies are not sent back to it (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return { ok: true, retry: false };
    } catch (error) {
      return smtpFailure(error);
    }
  }

  async close(): Promise<void> {
    this.transport?.close();
  }
}
