import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, PROTOCOL_VERSION } from '@dispatch/shared';
import { hashToken } from '../../server/src/auth/tokens';
import type { CallerName } from './callers';
import { changed } from './fingerprint';
import type { Probe } from './probe';

/** A connection, or the code its handshake was refused with. */
export type Handshake = { socket: Socket } | { refused: string };

/**
 * Connects to `namespace` as `caller`: its session cookie rides on the connection, its Bearer
 * token goes in `auth.token` (how phones and tracking pages authenticate).
 */
export async function connectAs(
  probe: Probe,
  namespace: string,
  caller: CallerName,
  token?: string,
): Promise<Handshake> {
  const { cookie, bearer } = probe.callers.of(caller);
  const socket = io(probe.server.url + namespace, {
    auth: { protocol: PROTOCOL_VERSION, ...((token ?? bearer) ? { token: token ?? bearer } : {}) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve({ refused: err.data?.code ?? err.message });
    });
  });
}

/** `code` of a refused handshake, or `connected`. */
export async function handshakeOf(
  probe: Probe,
  namespace: string,
  caller: CallerName,
  token?: string,
): Promise<string> {
  const shake = await connectAs(probe, namespace, caller, token);
  if ('refused' in shake) return shake.refused;
  shake.socket.close();
  return 'connected';
}

/** A console socket whose session ends (expires) once it is connected. */
export async function consoleWithExpiredSession(probe: Probe): Promise<Socket> {
  const cookie = await probe.callers.login(...probe.world.accounts.dispatcherA);
  const socket = io(probe.server.url + NAMESPACES.console, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await probe.server.app.db.query(
    `update sessions set expires_at = now() - interval '1 second' where token_hash = $1`,
    [hashToken(cookie.slice('sid='.length))],
  );
  return socket;
}

/**
 * What an action answered: `ok`, or its error code and what changed across it. A refused action
 * that seems to write is sent again on settled data, telling its own write from an earlier
 * action's follow-up (an ETA, a queued notification).
 */
export async function actionOutcome(
  probe: Probe,
  socket: Socket,
  event: string,
  payload: unknown,
  writes: readonly string[],
): Promise<{ answer: string; wrote: string[] }> {
  let outcome = { answer: '', wrote: [] as string[] };
  for (let attempt = 0; attempt < 2; attempt++) {
    const before = await probe.fingerprint.settled(writes);
    const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as {
      ok: boolean;
      error?: { code: string };
    };
    const answer = ack.ok ? 'ok' : (ack.error?.code ?? 'no code');
    if (answer === 'ok') return { answer, wrote: [] };
    outcome = { answer, wrote: changed(before, await probe.fingerprint.read(writes)) };
    if (outcome.wrote.length === 0) break;
  }
  return outcome;
}
