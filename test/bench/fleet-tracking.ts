/**
 * The fleet bench's tracking pages, in their own process: one `/track` Socket.IO connection per
 * page (tokens over IPC), each as a customer's browser from its own address (`X-Forwarded-For`,
 * which the server trusts as it does behind its proxy: the tracking gate counts tries per
 * address). Over the measured window (epoch ms over IPC, this machine's clock) each page times
 * every `tracking:update` that carries a newer courier position from that fix's time (the load
 * process's send time, which the view's `courier.at` carries) to its arrival.
 */
import { io, type Socket } from 'socket.io-client';
import { TRACKING_UPDATE_EVENT, type TrackingView } from '@dispatch/shared';
import {
  NAMESPACES,
  type TrackClientToServer,
  type TrackServerToClient,
} from '../../shared/src/protocol';
import type { FleetWindow } from './fleet-messages';
import { parseFlags } from './messages';
import type {
  FleetTrackingResult,
  TrackingPage,
  TrackingReport,
  TrackingStart,
} from './notify-messages';
import { percentile } from './table';

const opts = parseFlags(process.argv.slice(2), { url: '', connectsInFlight: 50 });
type TrackSocket = Socket<TrackServerToClient, TrackClientToServer>;
const measured = { measureStartMs: Infinity, measureEndMs: Infinity };
const inWindow = (ms: number) => ms >= measured.measureStartMs && ms < measured.measureEndMs;
const send = (message: TrackingReport, then: () => void = () => {}) => {
  if (process.send) process.send(message, then);
  else then();
};
const sleepUntil = (epochMs: number) =>
  new Promise((done) => setTimeout(done, Math.max(0, epochMs - Date.now())));

/** A customer's address for page `i`, in 10.0.0.0/8. */
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const positionMs: number[] = [];
const refused: Record<string, number> = {};

/** One page: the newest courier fix it has shown, and its updates in the window. */
class PageMeter {
  private latestFixAt = 0;
  updates = 0;
  showedCourier = false;
  disconnected = false;

  onUpdate(view: TrackingView): void {
    const now = Date.now();
    if (inWindow(now)) this.updates++;
    const courier = view.courier;
    if (!courier) return;
    if (inWindow(now)) this.showedCourier = true;
    if (courier.at <= this.latestFixAt) return;
    // The first view a page gets carries a fix from before it opened: not a push.
    const first = this.latestFixAt === 0;
    this.latestFixAt = courier.at;
    if (!first && inWindow(now)) positionMs.push(now - courier.at);
  }
}

async function openPage(page: TrackingPage, i: number): Promise<PageMeter | null> {
  const socket: TrackSocket = io(opts.url + NAMESPACES.track, {
    auth: { token: page.token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': addressOf(i + 1) },
  });
  const meter = new PageMeter();
  socket.on(TRACKING_UPDATE_EVENT, (view) => meter.onUpdate(view));
  const ok = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', (err) => {
      refused[err.message] = (refused[err.message] ?? 0) + 1;
      resolve(false);
    });
  });
  if (!ok) {
    socket.close();
    return null;
  }
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') meter.disconnected = true;
  });
  sockets.push(socket);
  return meter;
}

const sockets: TrackSocket[] = [];

async function run(pages: TrackingPage[]): Promise<FleetTrackingResult> {
  const began = performance.now();
  const meters: PageMeter[] = [];
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const i = next++;
      const meter = await openPage(pages[i]!, i);
      if (meter) meters.push(meter);
    }
  };
  await Promise.all(Array.from({ length: opts.connectsInFlight }, worker));
  send({ type: 'connected', connectMs: performance.now() - began });
  const { measureStartMs, measureEndMs } = await windowMessage;
  Object.assign(measured, { measureStartMs, measureEndMs });
  await sleepUntil(measureStartMs);
  const cpuStart = process.cpuUsage();
  await sleepUntil(measureEndMs);
  const cpu = process.cpuUsage(cpuStart);
  for (const socket of sockets) socket.close();
  const windowS = (measureEndMs - measureStartMs) / 1000;
  const sorted = positionMs.sort((a, b) => a - b);
  const perMin = meters.map((m) => (m.updates * 60) / windowS).sort((a, b) => a - b);
  return {
    pages: pages.length,
    refused,
    disconnected: meters.filter((m) => m.disconnected).length,
    pagesWithCourier: meters.filter((m) => m.showedCourier).length,
    updatesPerPagePerMin: percentile(perMin, 0.5),
    positionP50Ms: percentile(sorted, 0.5),
    positionP99Ms: percentile(sorted, 0.99),
    positionMaxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
    positionSamples: sorted.length,
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / windowS) * 100,
  };
}

let windowArrived: (w: FleetWindow) => void = () => {};
const windowMessage = new Promise<FleetWindow>((resolve) => (windowArrived = resolve));
process.on('message', (raw) => {
  const message = raw as TrackingStart | FleetWindow;
  if (message.type === 'window') return windowArrived(message);
  run(message.pages).then(
    (result) => send({ type: 'result', result }, () => process.exit(0)),
    (err: unknown) => {
      console.error('tracking pages failed', err);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
