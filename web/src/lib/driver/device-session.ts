/**
 * Which courier this phone is paired with, kept in local storage so the app knows at once, even
 * offline, whether to show the day or how to pair; and why it was signed out, if it was.
 */

export interface DeviceSession {
  token: string;
  courierId: number;
  courierName: string;
}

const SESSION_KEY = 'dispatch.driver.session';
const SIGNED_OUT_KEY = 'dispatch.driver.signedOut';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function readSession(storage: Store): DeviceSession | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { token, courierId, courierName } = value as Record<string, unknown>;
    if (typeof token !== 'string' || token === '' || typeof courierId !== 'number') return null;
    return { token, courierId, courierName: typeof courierName === 'string' ? courierName : '' };
  } catch {
    return null;
  }
}

export function saveSession(storage: Store, session: DeviceSession): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
  storage.removeItem(SIGNED_OUT_KEY);
}

/**
 * Forgets a refused token and remembers why, to say so on the pairing screen; a newer pairing
 * made meanwhile (in another tab) is kept.
 */
export function signOut(storage: Store, token: string, reason: string): void {
  if (readSession(storage)?.token !== token) return;
  storage.removeItem(SESSION_KEY);
  storage.setItem(SIGNED_OUT_KEY, reason);
}

/** Why the phone was last signed out, if it has not been paired since. */
export function signedOutReason(storage: Store): string | null {
  return storage.getItem(SIGNED_OUT_KEY);
}

/** Forgets the token on the courier's own request (nothing to explain on the pairing screen). */
export function forgetSession(storage: Store): void {
  storage.removeItem(SESSION_KEY);
  storage.removeItem(SIGNED_OUT_KEY);
}
