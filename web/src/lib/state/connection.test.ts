import { describe, expect, test } from 'vitest';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { Connection, OFFLINE_AFTER_ATTEMPTS } from './connection.svelte';

describe('Connection', () => {
  test('is live only once the view has been answered', () => {
    const connection = new Connection();
    connection.connecting();
    connection.connected();
    expect(connection.status).toBe('reconnecting');
    connection.viewLoaded();
    expect(connection.status).toBe('live');
  });

  test('a dropped socket that will retry is reconnecting; one that will not is offline', () => {
    const connection = new Connection();
    connection.viewLoaded();
    connection.disconnected('transport close', true);
    expect(connection.status).toBe('reconnecting');
    connection.disconnected('io server disconnect', false);
    expect(connection.status).toBe('offline');
  });

  test('after a few failed attempts the console says offline', () => {
    const connection = new Connection();
    connection.disconnected('transport close', true);
    for (let attempt = 1; attempt <= OFFLINE_AFTER_ATTEMPTS; attempt++)
      connection.reconnectAttempt(attempt);
    expect(connection.status).toBe('reconnecting');
    connection.reconnectAttempt(OFFLINE_AFTER_ATTEMPTS + 1);
    expect(connection.status).toBe('offline');
  });

  test('a refused session means signing in again', () => {
    const connection = new Connection();
    connection.connectFailed('sign in first', false, 'unauthorized');
    expect(connection.status).toBe('offline');
    expect(connection.signedOut).toBe(true);
  });
});

describe('Connection without a network', () => {
  test('stays offline while the browser has no network, then reconnects', () => {
    const connection = new Connection();
    connection.viewLoaded();
    connection.networkLost();
    connection.disconnected('transport close', true);
    connection.reconnectAttempt(1);
    expect(connection.status).toBe('offline');
    connection.networkRestored();
    expect(connection.status).toBe('reconnecting');
    connection.connected();
    connection.viewLoaded();
    expect(connection.status).toBe('live');
  });
});

describe('Connection reason', () => {
  test('says why the console is not live in its language, keeping the server’s own words', () => {
    const english = new Connection(translator('en', en, en));
    english.disconnected('transport close', true);
    expect(english.reason).toBe('disconnected (transport close)');
    const portuguese = new Connection(translator('pt-BR', ptBR, en));
    portuguese.connecting();
    portuguese.reconnectAttempt(2);
    expect(portuguese.reason).toBe('reconectando (tentativa 2)');
    portuguese.connectFailed('sign in first', false);
    expect(portuguese.reason).toBe('sign in first');
    portuguese.viewLoaded();
    expect(portuguese.reason).toBeNull();
  });
});
