import type { SendOutcome } from '../channel';

/** Nodemailer's codes for a message that cannot be sent as it is, whatever the server. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * How a failed SMTP send goes on: the server's 5xx refuses for good (`retry: false`); a 4xx, a
 * connection that failed, broke or timed out is tried again later. Nodemailer's own refusals of
 * the message (no recipient, a message it cannot build) are permanent too.
 */
export function smtpFailure(error: unknown): SendOutcome {
  const err = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    code?: unknown;
    message?: unknown;
    response?: unknown;
  };
  const message = String(err.response ?? err.message ?? error).slice(0, 500);
  const statusCode = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  if (statusCode !== undefined)
    return { ok: false, retry: statusCode < 500, statusCode, error: message };
  const permanent = typeof err.code === 'string' && PERMANENT_CODES.has(err.code);
  return { ok: false, retry: !permanent, error: message };
}
