import type { SendOutcome } from '../channel';

/** Something that sends a text message to a phone number: an SMS gateway. */
export interface SmsProvider {
  send(to: string, text: string): Promise<SendOutcome>;
}
