/** Error codes a client can act on; every refusal on the wire carries one. */
export const ERROR_CODES = [
  'invalid',
  'too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'overloaded',
  'unavailable',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error object sent in acks and HTTP error bodies. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** Per-item problems, e.g. a line number of a CSV import or the index of a ping. */
  details?: { path: string; message: string }[];
}

/** Codes after which the client should keep its data and try again later. */
export function isRetryable(code: ErrorCode): boolean {
  return code === 'overloaded' || code === 'unavailable' || code === 'rate_limited';
}

/** An error with a wire code, thrown inside services and turned into a typed reply at the edge. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: WireError['details'],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toWire(): WireError {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}
