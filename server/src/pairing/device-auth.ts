import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { DomainError } from '@dispatch/shared';
import type { DeviceTokens } from '../ingest/courier-gateway';

/** The token of an `Authorization: Bearer <token>` header, or '' when there is none. */
export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

/** The courier whose device token a request carries as bearer; `unauthorized` otherwise. */
export async function deviceCourierId(
  request: Pick<FastifyRequest, 'headers'>,
  devices: DeviceTokens,
): Promise<number> {
  const token = bearerToken(request);
  const identity = token ? await devices.byDeviceToken(token) : null;
  if (!identity)
    throw new DomainError(
      'unauthorized',
      'a valid device token is required (Authorization: Bearer <token>)',
    );
  return identity.courierId;
}

/**
 * An `onRequest` hook for what both the console and the courier app read: a request with a bearer
 * token is a device's and needs a valid device token; any other goes through `consoleGuard`.
 */
export function consoleOrDevice(
  consoleGuard: onRequestAsyncHookHandler,
  devices: DeviceTokens,
): onRequestAsyncHookHandler {
  return async function consoleOrDevice(request, reply) {
    if (bearerToken(request)) {
      await deviceCourierId(request, devices);
      return;
    }
    await consoleGuard.call(this, request, reply);
  };
}
