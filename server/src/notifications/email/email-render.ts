import type { CustomerLanguage } from '@dispatch/shared';
import type { CustomerMessage } from '../channel';
import { messageFacts } from '../message-facts';
import type { EmailWords } from './email-words';
import { EMAIL_WORDS_EN } from './words-en';
import { EMAIL_WORDS_PT_BR } from './words-pt-br';

const WORDS: Record<CustomerLanguage, EmailWords> = {
  en: EMAIL_WORDS_EN,
  'pt-BR': EMAIL_WORDS_PT_BR,
};

/** An email to a customer, ready to send. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML content or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only http(s) links become buttons: anything else is written out as plain text. */
const isWebLink = (url: string) => /^https?:\/\/[^\s"'<>]+$/.test(url);

/**
 * The email a customer gets for a stop event, in their language, every time in the hub's zone:
 * plain text and a simple HTML part (inline styles, no images or other remote content). Null
 * when the customer is not told about this event.
 */
export function renderEmail(message: CustomerMessage): RenderedEmail | null {
  const facts = messageFacts(message);
  if (!facts) return null;
  const words = WORDS[facts.language] ?? EMAIL_WORDS_EN;
  const draft = words.drafts[facts.type](facts);
  const greeting = words.greeting(facts.firstName);
  const footer = words.footer(facts.hub);
  const link = facts.link;

  const text = [
    greeting,
    ...draft.paragraphs,
    ...(link ? [`${draft.action}: ${link}`] : []),
    facts.hub,
    `--\n${footer}`,
  ].join('\n\n');

  const paragraph = (t: string) => `<p style="margin:0 0 16px">${escapeHtml(t)}</p>`;
  const button =
    link && isWebLink(link)
      ? `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#1f5fbf;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(draft.action)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#555555">${escapeHtml(link)}</p>`
      : link
        ? paragraph(`${draft.action}: ${link}`)
        : '';
  const html =
    `<!doctype html><html lang="${facts.language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width"><title>${escapeHtml(draft.subject)}</title></head>` +
    `<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">` +
    `<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px">` +
    paragraph(greeting) +
    draft.paragraphs.map(paragraph).join('') +
    button +
    `<p style="margin:0">${escapeHtml(facts.hub)}</p>` +
    `</div><p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#6b6b6b">${escapeHtml(footer)}</p>` +
    `</body></html>`;

  return { subject: draft.subject, text, html };
}
