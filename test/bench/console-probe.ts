import type { CDPSession, Page } from 'playwright-core';
import { percentile } from './table';

/** The User Timing measure the console's frame loop records each frame under (see frame-loop.ts). */
const FRAME_MEASURE = 'console:frame';

/** What one page did over the measured window. */
export interface PageFigures {
  windowS: number;
  /** Batches applied: frames that followed at least one batch message. */
  batches: number;
  /** The page's own apply step per batch: handlers + its frame work + sends to the map worker. */
  applyMsP50: number;
  applyMsP95: number;
  /** Parts of the apply step, p50 each: socket handlers (decode + app handler). */
  handlerMsP50: number;
  /** The page's own frame callbacks and the reactive updates they set off (console only). */
  ownFrameMsP50: number;
  /** Structured-clone time of messages posted to the map's workers (setData payloads). */
  workerSendMsP50: number;
  /** The rest of each frame's rAF work (MapLibre drawing), over every frame. */
  renderMsP50: number;
  renderMsP95: number;
  framesPerS: number;
  /** Main-thread task time over the window, as a share of wall time (CDP TaskDuration). */
  mainThreadBusy: number;
  longTasks: number;
  longTaskMs: number;
  socketBytesPerS: number;
  socketMessagesPerS: number;
  /** Courier fixes the page received per second, and socket bytes (all messages) per fix. */
  fixesPerS: number;
  bytesPerFix: number;
}

/** How many courier fixes a received text frame carries (0 when it is not a batch message). */
export type FixCounter = (payload: string) => number;

/**
 * A FixCounter for Socket.IO event frames (`42/ns,["event",payload]`) whose fixes are
 * `fixesOf(payload)`, for the event named `event`.
 */
export function socketIoFixCounter(
  event: string,
  fixesOf: (payload: unknown) => number,
): FixCounter {
  return (text) => {
    const start = text.indexOf('[');
    if (!text.startsWith('42') || start < 0 || !text.startsWith(`["${event}"`, start)) return 0;
    const [, payload] = JSON.parse(text.slice(start)) as [string, unknown];
    return fixesOf(payload);
  };
}

/** One animation frame as the probe saw it. */
interface FrameRecord {
  /** performance.now() when its first rAF callback started and its last one ended. */
  startedAt: number;
  endedAt: number;
  /** Time in all of its rAF callbacks. */
  rafMs: number;
  /** Batch messages received since the previous frame, and their handlers' time. */
  messages: number;
  handlerMs: number;
  /** Time posting to workers since the previous frame, outside any timed callback. */
  workerSendMs: number;
}

/** One `console:frame` measure: when it started, how long, and its synchronous part. */
interface OwnFrameRecord {
  startTime: number;
  duration: number;
  syncMs: number;
}

interface ProbeState {
  recording: boolean;
  frames: FrameRecord[];
  ownFrames: OwnFrameRecord[];
  longTasks: number;
  longTaskMs: number;
}

/**
 * Runs in the page before its own scripts and times, on the main thread: (a) each WebSocket
 * `onmessage` handler whose payload starts with `batchPrefix` (Socket.IO decode plus the app's
 * handler); (b) every requestAnimationFrame callback, grouped by frame; (c) every
 * `Worker.postMessage` outside those (how MapLibre's `setData` sends a GeoJSON payload: the
 * structured clone runs there, in a microtask after the handler that called `setData`); and
 * (d) the console's own `console:frame` User Timing measures.
 */
function installProbe(batchPrefix: string, frameMeasure: string): void {
  interface MessageEventLike {
    data: unknown;
  }
  type Handler = (this: unknown, ev: MessageEventLike) => unknown;
  interface EntryLike {
    startTime: number;
    duration: number;
    detail?: unknown;
  }
  const g = globalThis as unknown as {
    WebSocket: { prototype: object };
    Worker?: { prototype: { postMessage: (...args: unknown[]) => void } };
    requestAnimationFrame: (cb: (ts: number) => void) => number;
    PerformanceObserver: new (cb: (list: { getEntries(): EntryLike[] }) => void) => {
      observe(options: { type: string; buffered?: boolean }): void;
    };
    __probe: ProbeState;
  };
  const probe: ProbeState = {
    recording: false,
    frames: [],
    ownFrames: [],
    longTasks: 0,
    longTaskMs: 0,
  };
  g.__probe = probe;
  let pendingMessages = 0;
  let pendingHandlerMs = 0;
  let pendingWorkerSendMs = 0;
  /** Inside a timed handler or rAF callback, whose time already counts. */
  let timing = 0;

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
        timing++;
        try {
          return handler.call(this, ev);
        } finally {
          timing--;
          if (typeof ev.data === 'string' && ev.data.startsWith(batchPrefix)) {
            pendingMessages++;
            pendingHandlerMs += performance.now() - started;
          }
        }
      });
    },
  });

  const workerProto = g.Worker?.prototype;
  if (workerProto) {
    const post = workerProto.postMessage;
    workerProto.postMessage = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        post.apply(this, args);
      } finally {
        if (timing === 0) pendingWorkerSendMs += performance.now() - started;
      }
    };
  }

  const raf = g.requestAnimationFrame.bind(globalThis);
  let frameTs = -1;
  let frame: FrameRecord | null = null;
  g.requestAnimationFrame = (cb) =>
    raf((ts) => {
      if (ts !== frameTs) {
        frameTs = ts;
        frame = {
          startedAt: performance.now(),
          endedAt: 0,
          rafMs: 0,
          messages: pendingMessages,
          handlerMs: pendingHandlerMs,
          workerSendMs: pendingWorkerSendMs,
        };
        pendingMessages = 0;
        pendingHandlerMs = 0;
        pendingWorkerSendMs = 0;
        if (probe.recording) probe.frames.push(frame);
      }
      const current = frame!;
      const started = performance.now();
      timing++;
      try {
        cb(ts);
      } finally {
        timing--;
        current.endedAt = performance.now();
        current.rafMs += current.endedAt - started;
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
  new g.PerformanceObserver((list) => {
    if (!probe.recording) return;
    for (const e of list.getEntries()) {
      if ((e as { name?: string }).name !== frameMeasure) continue;
      const syncMs = (e.detail as { syncMs?: number } | null)?.syncMs ?? e.duration;
      probe.ownFrames.push({ startTime: e.startTime, duration: e.duration, syncMs });
    }
  }).observe({ type: 'measure' });
}

/** Adds the probe to a page before it loads anything. */
export async function addProbe(page: Page, batchPrefix: string): Promise<void> {
  // tsx keeps function names with a `__name` helper the page does not have; define a stand-in.
  const args = [batchPrefix, FRAME_MEASURE].map((a) => JSON.stringify(a)).join(', ');
  await page.addInitScript({
    content: `var __name = (f) => f; (${installProbe.toString()})(${args});`,
  });
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

const ascending = (values: number[]) => [...values].sort((a, b) => a - b);

/**
 * Pairs each frame with the page's own frame measure that started inside it (both lists are in
 * time order), or null.
 */
function ownFrameOf(frames: FrameRecord[], own: OwnFrameRecord[]): (OwnFrameRecord | null)[] {
  const out: (OwnFrameRecord | null)[] = [];
  let j = 0;
  for (const f of frames) {
    while (j < own.length && own[j]!.startTime < f.startedAt) j++;
    const m = own[j];
    out.push(m && m.startTime <= f.endedAt ? m : null);
  }
  return out;
}

/** Measures a loaded page (with the probe) for `windowMs`: frames, batches, main thread, socket. */
export async function measurePage(
  page: Page,
  windowMs: number,
  countFixes: FixCounter,
): Promise<PageFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  let bytes = 0;
  let messages = 0;
  let fixes = 0;
  let counting = false;
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    if (!counting) return;
    messages++;
    if (response.opcode === 1) fixes += countFixes(response.payloadData);
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

  const own = ownFrameOf(probe.frames, probe.ownFrames);
  const apply: number[] = [];
  const handler: number[] = [];
  const ownFrame: number[] = [];
  const workerSend: number[] = [];
  const render: number[] = [];
  probe.frames.forEach((f, i) => {
    const mine = own[i];
    render.push(f.rafMs - (mine?.syncMs ?? 0));
    if (f.messages === 0) return;
    const ownMs = mine?.duration ?? 0;
    apply.push(f.handlerMs + ownMs + f.workerSendMs);
    handler.push(f.handlerMs);
    ownFrame.push(ownMs);
    workerSend.push(f.workerSendMs);
  });
  const sortedApply = ascending(apply);
  const sortedRender = ascending(render);
  return {
    windowS,
    batches: apply.length,
    applyMsP50: percentile(sortedApply, 0.5),
    applyMsP95: percentile(sortedApply, 0.95),
    handlerMsP50: percentile(ascending(handler), 0.5),
    ownFrameMsP50: percentile(ascending(ownFrame), 0.5),
    workerSendMsP50: percentile(ascending(workerSend), 0.5),
    renderMsP50: percentile(sortedRender, 0.5),
    renderMsP95: percentile(sortedRender, 0.95),
    framesPerS: probe.frames.length / windowS,
    mainThreadBusy: (taskAfter - taskBefore) / windowS,
    longTasks: probe.longTasks,
    longTaskMs: probe.longTaskMs,
    socketBytesPerS: bytes / windowS,
    socketMessagesPerS: messages / windowS,
    fixesPerS: fixes / windowS,
    bytesPerFix: bytes / fixes,
  };
}
