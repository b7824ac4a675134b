import type { CustomerEventType, MessageFacts } from '../message-facts';

/** What an email says, before it is laid out as text and HTML. */
export interface EmailDraft {
  subject: string;
  /** The body's paragraphs, between the greeting and the link. */
  paragraphs: string[];
  /** The words of the tracking link (the customer's next step). */
  action: string;
}

/** One language's emails to customers. */
export interface EmailWords {
  greeting(firstName: string | null): string;
  /** The last line: who sent it and why it came. */
  footer(hub: string): string;
  drafts: Record<CustomerEventType, (facts: MessageFacts) => EmailDraft>;
}
