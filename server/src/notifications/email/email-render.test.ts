import { CUSTOMER_LANGUAGES, type CustomerLanguage } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { SAMPLE_LINK, sampleMessage } from '../../../../test/factories/customer-messages';
import { EMAIL_EVENTS } from './email-channel';
import { renderEmail } from './email-render';

const EMAIL_TYPES = [...EMAIL_EVENTS];
const KINDS = ['delivery', 'return_pickup'] as const;

/** Words every language's email uses for the same event, to tell them apart. */
const MARK: Record<CustomerLanguage, RegExp> = { en: /Hello Maria,/, 'pt-BR': /Olá, Maria!/ };

describe('customer emails', () => {
  for (const language of CUSTOMER_LANGUAGES)
    for (const kind of KINDS)
      for (const type of EMAIL_TYPES)
        it(`${type} for a ${kind} in ${language} has a subject, the link and nothing undefined`, () => {
          const email = renderEmail(
            sampleMessage(type, {
              language,
              kind,
              data: { completedAt: '2025-05-02T18:32:00.000Z', failureCode: 'not_home' },
            }),
          )!;
          expect(email.subject.length).toBeGreaterThan(5);
          expect(email.text).toMatch(MARK[language]);
          expect(email.text).toContain(SAMPLE_LINK);
          expect(email.html).toContain(`href="${SAMPLE_LINK}"`);
          for (const part of [email.subject, email.text, email.html])
            expect(part).not.toMatch(/undefined|NaN|null|\[object/);
        });

  it('gives the ETA window in the hub’s time zone, not the server’s', () => {
    const email = renderEmail(sampleMessage('stop.out_for_delivery'))!;
    expect(email.subject).toBe('Your order A-1042 is out for delivery');
    expect(email.text).toContain('should arrive today between 14:20 and 14:40');
    const pt = renderEmail(sampleMessage('stop.out_for_delivery', { language: 'pt-BR' }))!;
    expect(pt.subject).toBe('Seu pedido A-1042 saiu para entrega');
    expect(pt.text).toContain('deve chegar hoje, entre 14:20 e 14:40');
  });

  it('names the promised window and its day when the order is received', () => {
    const email = renderEmail(
      sampleMessage('stop.created', {
        data: { windowStart: '2025-05-03T13:00:00Z', windowEnd: '2025-05-03T15:00:00Z' },
      }),
    )!;
    expect(email.text).toContain('will deliver it tomorrow between 09:00 and 11:00');
    const later = renderEmail(
      sampleMessage('stop.created', {
        language: 'pt-BR',
        data: { windowStart: '2025-05-06T13:00:00Z', windowEnd: '2025-05-06T15:00:00Z' },
      }),
    )!;
    expect(later.text).toContain('em terça-feira, 6 de maio, entre 09:00 e 11:00');
  });

  it('says when a delivery was made and who took the parcel', () => {
    const email = renderEmail(
      sampleMessage('stop.delivered', {
        data: { status: 'delivered', completedAt: '2025-05-02T18:32:00Z' },
        message: { recipientName: 'João (porteiro)' },
      }),
    )!;
    expect(email.text).toContain('was delivered at 14:32, received by João (porteiro).');
  });

  it('tells a missed customer why and how to choose a new time', () => {
    const email = renderEmail(
      sampleMessage('stop.failed', {
        data: { status: 'failed', completedAt: '2025-05-02T18:32:00Z', failureCode: 'not_home' },
      }),
    )!;
    expect(email.subject).toBe('We could not deliver your order A-1042');
    expect(email.text).toContain('at 14:32, but nobody was at home.');
    expect(email.text).toContain(`Choose a new time: ${SAMPLE_LINK}`);
  });

  it('tells a customer who chose to collect where the parcel waits', () => {
    const email = renderEmail(
      sampleMessage('stop.returned', { data: { status: 'returned', collectAtHub: true } }),
    )!;
    expect(email.subject).toBe('Your order A-1042 is ready to collect at Campo Grande Centro');
  });

  it('writes no email for a shop’s pickup or for the internal assignment', () => {
    expect(renderEmail(sampleMessage('stop.created', { kind: 'pickup' }))).toBeNull();
    expect(renderEmail(sampleMessage('stop.assigned'))).toBeNull();
  });

  it('escapes what customers and shops typed into the HTML part', () => {
    const email = renderEmail(
      sampleMessage('stop.created', {
        data: { orderRef: '<b>X&1</b>' },
        message: { customerName: '<script>x</script>' },
      }),
    )!;
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>X');
    expect(email.html).toContain('&lt;b&gt;X&amp;1&lt;/b&gt;');
  });

  it('reads without a reference, a name or a link', () => {
    const email = renderEmail(
      sampleMessage('stop.out_for_delivery', {
        data: { orderRef: null },
        message: { customerName: null, trackingUrl: null, etaWindow: null },
      }),
    )!;
    expect(email.subject).toBe('Your order is out for delivery');
    expect(email.text).toMatch(/^Hello,/);
    expect(email.text).toContain('should arrive today between 14:00 and 16:00');
    expect(email.html).not.toContain('href=');
  });

  it('loads no remote content in the HTML part', () => {
    const email = renderEmail(sampleMessage('stop.arriving'))!;
    expect(email.html).not.toMatch(/<img|<link|src=|url\(/i);
  });
});
