import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';
import type { Config } from '../config';
import type { CustomerChannel } from './channel';
import { EmailChannel, type MailTransport } from './email/email-channel';
import { HttpSmsGateway } from './sms/http-gateway';
import { SmsChannel } from './sms/sms-channel';

export type CustomerChannelConfig = Pick<
  Config,
  | 'SMTP_URL'
  | 'SMTP_FROM'
  | 'SMS_GATEWAY_URL'
  | 'SMS_GATEWAY_METHOD'
  | 'SMS_GATEWAY_AUTH'
  | 'SMS_GATEWAY_BODY'
>;

/** An SMTP transport from `SMTP_URL`: a small pool of connections that fail fast when down. */
export function smtpTransport(url: string): MailTransport {
  return createTransport({
    url,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

/** Where a URL points, without its user, password or query (which may hold keys). */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unreadable URL)';
  }
}

/**
 * The ways to reach customers: email over SMTP_URL and text messages through the SMS gateway.
 * A channel without its settings is still returned, unconfigured: its messages are logged and
 * shown in the console, not sent.
 */
export function createCustomerChannels(
  config: CustomerChannelConfig,
  log: Pick<FastifyBaseLogger, 'info'>,
): CustomerChannel[] {
  const email = new EmailChannel(
    config.SMTP_URL ? smtpTransport(config.SMTP_URL) : null,
    config.SMTP_FROM,
  );
  const sms = new SmsChannel(
    config.SMS_GATEWAY_URL
      ? new HttpSmsGateway({
          url: config.SMS_GATEWAY_URL,
          method: config.SMS_GATEWAY_METHOD,
          auth: config.SMS_GATEWAY_AUTH,
          body: config.SMS_GATEWAY_BODY,
        })
      : null,
  );
  log.info(
    {
      email: config.SMTP_URL ? hostOf(config.SMTP_URL) : 'logged, not sent (SMTP_URL unset)',
      sms: config.SMS_GATEWAY_URL
        ? hostOf(config.SMS_GATEWAY_URL)
        : 'logged, not sent (SMS_GATEWAY_URL unset)',
    },
    'customer messages',
  );
  return [email, sms];
}
