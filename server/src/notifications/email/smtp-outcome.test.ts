import { describe, expect, it } from 'vitest';
import { smtpFailure } from './smtp-outcome';

const smtpError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe('a failed SMTP send', () => {
  it('gives up on a 5xx answer', () => {
    expect(
      smtpFailure(
        smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 no such user' }),
      ),
    ).toEqual({ ok: false, retry: false, statusCode: 550, error: '550 no such user' });
  });

  it('tries again after a 4xx answer', () => {
    expect(smtpFailure(smtpError({ responseCode: 451, response: '451 try later' }))).toMatchObject({
      ok: false,
      retry: true,
      statusCode: 451,
    });
  });

  it('tries again when the server cannot be reached or the connection breaks', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'])
      expect(smtpFailure(smtpError({ code }))).toMatchObject({ ok: false, retry: true });
  });

  it('gives up on a message nodemailer cannot send to anyone', () => {
    expect(smtpFailure(smtpError({ code: 'EENVELOPE', message: 'No recipients defined' }))).toEqual(
      { ok: false, retry: false, error: 'No recipients defined' },
    );
  });
});
