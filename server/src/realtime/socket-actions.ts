import { DomainError, type Ack, type WireError } from '@dispatch/shared';

/** Parses an incoming payload: the typed value, or a wire error naming the problem. */
export interface PayloadParser<T> {
  parse(value: unknown): { ok: true; value: T } | { ok: false; error: WireError };
}

/** What an action answers when it fails for a reason that is not the caller's (a database error). */
export interface ActionFailure {
  code: 'internal' | 'unavailable';
  message: string;
  /** Logged with the error; the caller never sees it. */
  logMessage: string;
}

/** The generic failure of a console action. */
export const INTERNAL_FAILURE: ActionFailure = {
  code: 'internal',
  message: 'internal error',
  logMessage: 'console action failed',
};

/** The result of a socket action's ack (the `ok: true` variant, without `ok`). */
export type AckResult<A> = Omit<Extract<A, { ok: true }>, 'ok'>;

type Log = { error: (o: object, msg: string) => void };

/**
 * A socket event listener for a request/ack action: the payload is validated, the action runs,
 * and the ack carries its result or a typed error (a `DomainError`'s code, else `failure`, with
 * the cause logged). A client that sent no ack callback is answered by no one.
 */
export function socketAction<T, R extends object>(
  parser: PayloadParser<T>,
  run: (input: T) => Promise<R>,
  failure: ActionFailure,
  log: Log,
  logContext: (input: T) => object = () => ({}),
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    const reply = typeof ack === 'function' ? (ack as (res: Ack<R>) => void) : () => {};
    const parsed = parser.parse(payload);
    if (!parsed.ok) return reply({ ok: false, error: parsed.error });
    run(parsed.value).then(
      (result) => reply({ ok: true, ...result }),
      (err: unknown) => {
        if (err instanceof DomainError) return reply({ ok: false, error: err.toWire() });
        log.error({ err, ...logContext(parsed.value) }, failure.logMessage);
        reply({ ok: false, error: { code: failure.code, message: failure.message } });
      },
    );
  };
}

/** Socket.IO error for a refused handshake; the client sees `err.message` and `err.data`. */
export function handshakeRefusal(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}
