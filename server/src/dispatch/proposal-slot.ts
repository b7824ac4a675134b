/** Time a proposal needs clear of the next detection pass (a quarter of the tick when that is shorter). */
const PROPOSAL_SLOT_MS = 250;

/** What `proposalSlot` needs to know of detection. */
export interface DetectionPace {
  msUntilNextTick(): number;
  afterNextTick(): Promise<void>;
  /** Resolves when the alerts raised so far are written. */
  settled(): Promise<void>;
}

/**
 * Waits, if need be, until a proposal can run without holding up detection: one for a courier
 * with several stops takes up to a couple of hundred milliseconds at 10,000 couriers, so it
 * starts only when the next detection pass is not about to begin (otherwise right after it),
 * once the alerts raised so far are written, and after a turn of the event loop that lets their
 * pushes go out.
 */
export async function proposalSlot(detection: DetectionPace, tickMs: number): Promise<void> {
  const slotMs = Math.min(PROPOSAL_SLOT_MS, tickMs / 4);
  if (detection.msUntilNextTick() < slotMs) await detection.afterNextTick();
  await detection.settled();
  // One turn of the event loop's poll phase, so what the pass pushed leaves before the work.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}
