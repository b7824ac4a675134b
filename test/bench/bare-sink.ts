/**
 * The baseline for the ingest bench: a plain `ws` server that JSON-parses each batch, discards
 * it, and answers with a tiny ack so the load keeps the same closed-loop shape.
 */
import { WebSocketServer } from 'ws';
import { exitCleanlyOnSignal, report, serveRequests } from './child-ipc';
import type { TargetReport } from './messages';

let received = 0;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 2 * 1024 * 1024 });

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const batch = JSON.parse(data.toString()) as { pings: { seq: number }[] };
    const n = batch.pings.length;
    received += n;
    ws.send(`{"ok":true,"upTo":${batch.pings[n - 1]?.seq ?? -1},"stored":${n},"duplicates":0}`);
  });
});

wss.on('listening', () => {
  const { port } = wss.address() as { port: number };
  console.log(JSON.stringify({ port }));
  report<TargetReport>({ type: 'listening', port });
});

serveRequests(async () => received);
exitCleanlyOnSignal(
  () =>
    new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
);
