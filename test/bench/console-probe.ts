import type { CDPSession, Page } from 'playwright-core';
import { percentile } from './table';

/** What one page did over the measured window. */
export interface PageFigures {
  windowS: number;
  /** Batches applied: frames that followed at least one batch message. */
  batches: number;
  batchMsP50: number;
  batchMsP95: number;
  /** The socket-handler part of a batch (decode and the app's message handler), p50. */
  handlerMsP50: number;
  /** The next-frame part of a batch (every rAF callback in that frame, MapLibre's included), p50. */
  frameMsP50: number;
  framesPerS: number;
  /** Main-thread task time over the window, as a share of wall time (CDP TaskDuration). */
  mainThreadBusy: number;
  longTasks: number;
  longTaskMs: number;
  socketBytesPerS: number;
  socketMessagesPerS: number;
}

interface ProbeState {
  recording: boolean;
  batchMs: number[];
  handlerMs: number[];
  frameMs: number[];
  frames: number;
  longTasks: number;
  longTaskMs: number;
}

/**
 * Runs in the page before its own scripts. Times, on the main thread, (a) each WebSocket
 * `onmessage` handler whose payload starts with `batchPrefix` (Socket.IO decode plus the app's
 * handler) and (b) every requestAnimationFrame callback. A batch costs the handlers of its
 * messages plus all rAF callbacks of the next frame, where the console applies queued deltas
 * (the naive page applies inside the handler; its next frame is counted the same way).
 */
function installProbe(batchPrefix: string): void {
  interface MessageEventLike {
    data: unknown;
  }
  type Handler = (this: unknown, ev: MessageEventLike) => unknown;
  const g = globalThis as unknown as {
    WebSocket: { prototype: object };
    requestAnimationFrame: (cb: (ts: number) => void) => number;
    PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => {
      observe(options: { type: string; buffered?: boolean }): void;
    };
    __probe: ProbeState;
  };
  const probe: ProbeState = {
    recording: false,
    batchMs: [],
    handlerMs: [],
    frameMs: [],
    frames: 0,
    longTasks: 0,
    longTaskMs: 0,
  };
  g.__probe = probe;
  let pendingMessages = 0;
  let pendingMessageMs = 0;

  const proto = g.WebSocket.prototype;
  const onmessage = Object.getOwnPropertyDescriptor(proto, 'onmessage')!;
  Object.defineProperty(proto, 'onmessage', {
    configurable: true,
    enumerable: onmessage.enumerable ?? true,
    get(this: unknown) {
      return onmessage.get!.call(this) as unknown;
    },
    set(this: unknown, fn: unknown) {
      if (typeof fn !== 'function') return onmessage.set!.call(this, fn);
      const handler = fn as Handler;
      onmessage.set!.call(this, function (this: unknown, ev: MessageEventLike) {
        const started = performance.now();
        try {
          return handler.call(this, ev);
        } finally {
          if (typeof ev.data === 'string' && ev.data.startsWith(batchPrefix)) {
            pendingMessages++;
            pendingMessageMs += performance.now() - started;
          }
        }
      });
    },
  });

  const raf = g.requestAnimationFrame.bind(globalThis);
  let frameTs = -1;
  let frameMs = 0;
  let frameBatchMs: number | null = null;
  const endFrame = () => {
    if (frameBatchMs === null || !probe.recording) return;
    probe.batchMs.push(frameBatchMs + frameMs);
    probe.handlerMs.push(frameBatchMs);
    probe.frameMs.push(frameMs);
  };
  g.requestAnimationFrame = (cb) =>
    raf((ts) => {
      if (ts !== frameTs) {
        endFrame();
        frameTs = ts;
        frameMs = 0;
        frameBatchMs = pendingMessages > 0 ? pendingMessageMs : null;
        pendingMessages = 0;
        pendingMessageMs = 0;
        if (probe.recording) probe.frames++;
      }
      const started = performance.now();
      try {
        cb(ts);
      } finally {
        frameMs += performance.now() - started;
      }
    });
  // Keeps a callback in every frame, so frames are counted even when the page has nothing to draw.
  const tick = () => g.requestAnimationFrame(tick);
  g.requestAnimationFrame(tick);
  new g.PerformanceObserver((list) => {
    if (!probe.recording) return;
    for (const e of list.getEntries()) {
      probe.longTasks++;
      probe.longTaskMs += e.duration;
    }
  }).observe({ type: 'longtask' });
}

/** Adds the probe to a page before it loads anything. */
export async function addProbe(page: Page, batchPrefix: string): Promise<void> {
  // tsx keeps function names with a `__name` helper the page does not have; define a stand-in.
  await page.addInitScript({
    content: `var __name = (f) => f; (${installProbe.toString()})(${JSON.stringify(batchPrefix)});`,
  });
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Measures a loaded page (with the probe) for `windowMs`: frames, batches, main thread, socket. */
export async function measurePage(page: Page, windowMs: number): Promise<PageFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  let bytes = 0;
  let messages = 0;
  let counting = false;
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    if (!counting) return;
    messages++;
    bytes +=
      response.opcode === 1
        ? Buffer.byteLength(response.payloadData, 'utf8')
        : Buffer.from(response.payloadData, 'base64').length;
  });
  const setRecording = (on: boolean) =>
    page.evaluate((value) => {
      (globalThis as unknown as { __probe: ProbeState }).__probe.recording = value;
    }, on);

  const taskBefore = await taskSeconds(cdp);
  const started = performance.now();
  counting = true;
  await setRecording(true);
  await new Promise((done) => setTimeout(done, windowMs));
  await setRecording(false);
  counting = false;
  const windowS = (performance.now() - started) / 1000;
  const taskAfter = await taskSeconds(cdp);
  const probe = await page.evaluate(
    () => (globalThis as unknown as { __probe: ProbeState }).__probe,
  );
  await cdp.detach();
  const sorted = [...probe.batchMs].sort((a, b) => a - b);
  return {
    windowS,
    batches: sorted.length,
    batchMsP50: percentile(sorted, 0.5),
    batchMsP95: percentile(sorted, 0.95),
    handlerMsP50: percentile(
      [...probe.handlerMs].sort((a, b) => a - b),
      0.5,
    ),
    frameMsP50: percentile(
      [...probe.frameMs].sort((a, b) => a - b),
      0.5,
    ),
    framesPerS: probe.frames / windowS,
    mainThreadBusy: (taskAfter - taskBefore) / windowS,
    longTasks: probe.longTasks,
    longTaskMs: probe.longTaskMs,
    socketBytesPerS: bytes / windowS,
    socketMessagesPerS: messages / windowS,
  };
}
