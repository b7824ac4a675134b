import type { Static } from 'typebox';
import type { ErrorBodySchema } from './api/common';
import type { ErrorCode } from './domain';

/** The error object sent in acks and HTTP error bodies. */
export type WireError = Static<typeof ErrorBodySchema>;

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
