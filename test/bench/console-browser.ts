import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, launchBrowser } from '../e2e/harness';

/**
 * How headless Chromium shows WebGL, both in software (there is no GPU here):
 * - `software`: the end-to-end tests' flags (`--disable-gpu`). Pages are composited in software
 *   on the renderer's main thread, so every frame of a changing WebGL canvas is read back there
 *   and the main thread stays busy whatever the page's own code does.
 * - `gpu`: SwiftShader behind Chromium's GPU process, as a machine with a GPU composites: the
 *   renderer's main thread only issues commands, so its busy share is the page's own work.
 */
export const COMPOSITING_MODES = ['software', 'gpu'] as const;
export type CompositingMode = (typeof COMPOSITING_MODES)[number];

export async function launchBenchBrowser(mode: CompositingMode): Promise<Browser> {
  if (mode === 'software') return launchBrowser();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
