/**
 * The orchestrator's side of the fleet bench's tracking pages: which stops they follow, their
 * links (made by the server process), and the pages' process, connected before the window.
 */
import { TRACKING_STOPS_AHEAD } from '@dispatch/shared';
import { BenchChild } from './children';
import type { FleetWindow } from './fleet-messages';
import type { TargetReport, TargetRequest } from './messages';
import type { TrackingPage, TrackingReport, TrackingStart } from './notify-messages';

export type TrackingPages = BenchChild<TrackingReport, TrackingStart | FleetWindow>;

/**
 * Stops for `pages` tracking pages, one courier after another: each courier's stop at most
 * TRACKING_STOPS_AHEAD stops into its route (the furthest whose courier the page shows, so it
 * stays open longest), then, with more pages than couriers, the stops before it.
 */
export function trackedStops(routes: readonly (readonly number[])[], pages: number): number[] {
  const picked: number[] = [];
  const withStops = routes.filter((r) => r.length > 0);
  for (let i = 0; picked.length < pages && withStops.length > 0; i++) {
    const route = withStops[i % withStops.length]!;
    const at = Math.min(route.length - 1, TRACKING_STOPS_AHEAD) - Math.floor(i / withStops.length);
    if (at < 0) break;
    picked.push(route[at]!);
  }
  return picked;
}

/** Opens the pages for `stopIds` and waits until all have connected (or been refused). */
export async function openTrackingPages(options: {
  server: BenchChild<TargetReport, TargetRequest>;
  url: string;
  stopIds: number[];
  log: (message: string) => void;
}): Promise<TrackingPages> {
  const { links } = await options.server.ask(
    { type: 'tracking-links', stopIds: options.stopIds },
    'tracking-links',
    120_000,
  );
  const pages: TrackingPage[] = links.map(([stopId, url]) => ({
    stopId,
    token: url.slice(url.lastIndexOf('/') + 1),
  }));
  if (pages.length < options.stopIds.length)
    throw new Error(`the server made ${pages.length} of ${options.stopIds.length} tracking links`);
  const child: TrackingPages = BenchChild.start('./fleet-tracking.ts', {
    args: ['--url', options.url],
  });
  child.send({ type: 'start', pages });
  const { connectMs } = await child.waitFor('connected', 600_000);
  options.log(`${pages.length} tracking pages connected in ${(connectMs / 1000).toFixed(1)} s`);
  return child;
}
