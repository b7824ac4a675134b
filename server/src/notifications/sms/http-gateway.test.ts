import { describe, expect, it } from 'vitest';
import { gatewayOutcome, gatewayRequest } from './http-gateway';

const TEXT = 'Olá & "bem-vindo": 14:20-14:40 https://x.example/t/a?b=c';

describe('the HTTP SMS gateway request', () => {
  it('fills a GET URL with the number and the text URL-encoded', () => {
    const request = gatewayRequest(
      { url: 'https://sms.example/send?to={to}&msg={text}&key=k1', method: 'GET' },
      '+5567999990000',
      TEXT,
    );
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    const url = new URL(request.url);
    expect(url.searchParams.get('to')).toBe('+5567999990000');
    expect(url.searchParams.get('msg')).toBe(TEXT);
    expect(url.searchParams.get('key')).toBe('k1');
  });

  it('posts a JSON body of the number and the text when no template is set', () => {
    const request = gatewayRequest(
      { url: 'https://sms.example/messages', method: 'POST' },
      '+5567999990000',
      TEXT,
    );
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body!)).toEqual({ to: '+5567999990000', text: TEXT });
  });

  it('fills a body template with the values JSON-escaped', () => {
    const request = gatewayRequest(
      {
        url: 'https://sms.example/messages',
        method: 'POST',
        body: '{"messages":[{"destinations":[{"to":"{to}"}],"text":"{text}"}]}',
      },
      '+5567999990000',
      TEXT,
    );
    expect(JSON.parse(request.body!)).toEqual({
      messages: [{ destinations: [{ to: '+5567999990000' }], text: TEXT }],
    });
  });

  it('fills a form body template URL-encoded, as Twilio takes it', () => {
    const request = gatewayRequest(
      {
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json',
        method: 'POST',
        body: 'To={to}&From=%2B15005550006&Body={text}',
      },
      '+5567999990000',
      TEXT,
    );
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request.body);
    expect(form.get('To')).toBe('+5567999990000');
    expect(form.get('From')).toBe('+15005550006');
    expect(form.get('Body')).toBe(TEXT);
  });

  it('sends the configured Authorization header, and none without it', () => {
    const settings = { url: 'https://sms.example/m', method: 'POST' as const };
    expect(
      gatewayRequest({ ...settings, auth: 'Basic dTpw' }, '1', 't').headers.authorization,
    ).toBe('Basic dTpw');
    expect(gatewayRequest(settings, '1', 't').headers.authorization).toBeUndefined();
  });
});

describe('the gateway’s answer', () => {
  it('counts any 2xx as sent', () => {
    expect(gatewayOutcome(200, '')).toMatchObject({ ok: true });
    expect(gatewayOutcome(202, 'queued')).toMatchObject({ ok: true, statusCode: 202 });
  });

  it('tries again after a 5xx or a 429', () => {
    expect(gatewayOutcome(503, 'busy')).toEqual({
      ok: false,
      retry: true,
      statusCode: 503,
      error: 'gateway answered 503: busy',
    });
    expect(gatewayOutcome(429, '')).toMatchObject({ ok: false, retry: true });
  });

  it('gives up at once on any other 4xx', () => {
    expect(gatewayOutcome(400, 'bad number')).toMatchObject({ ok: false, retry: false });
    expect(gatewayOutcome(401, '')).toMatchObject({ ok: false, retry: false, statusCode: 401 });
  });
});
