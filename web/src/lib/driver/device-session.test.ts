import { describe, expect, test } from 'vitest';
import { readSession, saveSession, signedOutReason, signOut } from './device-session';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

describe('the phone’s pairing', () => {
  test('a saved session reads back', () => {
    const storage = memoryStorage();
    saveSession(storage, { token: 'tok', courierId: 4, courierName: 'Rita' });
    expect(readSession(storage)).toEqual({ token: 'tok', courierId: 4, courierName: 'Rita' });
  });

  test('nothing, garbage or a session without a token reads as not paired', () => {
    const storage = memoryStorage();
    expect(readSession(storage)).toBeNull();
    storage.setItem('dispatch.driver.session', '{not json');
    expect(readSession(storage)).toBeNull();
    storage.setItem('dispatch.driver.session', JSON.stringify({ token: '', courierId: 4 }));
    expect(readSession(storage)).toBeNull();
  });

  test('signing out forgets the token and remembers why until the next pairing', () => {
    const storage = memoryStorage();
    saveSession(storage, { token: 'tok', courierId: 4, courierName: 'Rita' });
    signOut(storage, 'tok', 'revoked');
    expect(readSession(storage)).toBeNull();
    expect(signedOutReason(storage)).toBe('revoked');
    saveSession(storage, { token: 'new', courierId: 4, courierName: 'Rita' });
    expect(signedOutReason(storage)).toBeNull();
  });

  test('a refusal of an older token leaves a newer pairing alone', () => {
    const storage = memoryStorage();
    saveSession(storage, { token: 'new', courierId: 4, courierName: 'Rita' });
    signOut(storage, 'old', 'revoked');
    expect(readSession(storage)?.token).toBe('new');
    expect(signedOutReason(storage)).toBeNull();
  });
});
