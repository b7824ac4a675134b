import type { AuditEvent } from '@dispatch/shared';

const FAILED_SIGN_IN = 'auth.login_failed';

const sameAttempt = (a: AuditEvent, b: AuditEvent) =>
  a.kind === FAILED_SIGN_IN &&
  b.kind === FAILED_SIGN_IN &&
  a.data.email === b.data.email &&
  a.data.ip === b.data.ip;

/**
 * The events as the table lists them: failed sign-ins in a row for one account from one address
 * are one line, the newest, its `data.count` saying how many ("3 failed sign-ins for …").
 */
export function collapseRepeatedSignIns(events: readonly AuditEvent[]): AuditEvent[] {
  const lines: AuditEvent[] = [];
  let count = 0;
  for (const event of events) {
    const last = lines[lines.length - 1];
    if (last && sameAttempt(last, event)) {
      count += 1;
      lines[lines.length - 1] = { ...last, data: { ...last.data, count } };
      continue;
    }
    count = typeof event.data.count === 'number' ? event.data.count : 1;
    lines.push(event);
  }
  return lines;
}
