import { isPickupKind } from '@dispatch/shared';
import type { LiveStop } from './model';
import { isOrderPair } from './order-of';

/** How people and times are written. */
export interface Wording {
  nameOf: (courierId: number) => string;
  formatClock: (epochMs: number) => string;
  /**
   * The safety margin the lines' lateness was weighed with (default 0): the text speaks of the
   * promised window, so minutes late are told against its end.
   */
  windowMarginMinutes?: number | undefined;
}

/** One moved stop: when it would be reached and how late, minutes. */
export interface MovedStopLine {
  stop: LiveStop;
  /** Epoch ms. */
  arriveAt: number;
  /** Against the working window end (the promised one less the safety margin). */
  lateBeforeMinutes: number;
  lateAfterMinutes: number;
}

/** What a receiving courier's other stops go through. */
export interface ReceiverSummary {
  courierId: number;
  otherOnTime: number;
  otherAlreadyLate: number;
  madeLate: readonly LiveStop[];
}

/**
 * A move of one stop, of several kept together, or of a shop order's pickup and delivery, to
 * one courier (`resequence`: a better place on its own courier's route, for a delivery whose
 * parcel that courier already holds).
 */
export interface MoveStory {
  verb: 'move' | 'assign' | 'reattempt' | 'resequence';
  fromCourierId: number | null;
  /** Why the stop leaves its courier, e.g. `stalled 12 min`. */
  fromReason: string | null;
  toCourierId: number;
  insertPosition: number;
  /** Each moved stop's position once inserted; consecutive from `insertPosition` when absent. */
  insertPositions?: readonly number[] | undefined;
  moved: readonly MovedStopLine[];
  receiver: ReceiverSummary;
  addedMinutes: number;
}

/** A stalled courier's stops spread over several couriers, one at a time. */
export interface SpreadStory {
  fromCourierId: number;
  fromReason: string;
  moves: readonly { toCourierId: number; insertPosition: number; line: MovedStopLine }[];
  kept: readonly LiveStop[];
  receivers: readonly ReceiverSummary[];
  addedMinutes: number;
}

/**
 * E.g. "Move #4711 from Ana (stalled 12 min) to Ben as 3rd stop: arrives 14:32, window ends
 * 14:45; Ben's 6 other stops stay on time; +7 min to Ben's route".
 */
export function explainMove(story: MoveStory, wording: Wording): string {
  const to = wording.nameOf(story.toCourierId);
  const order = isOrderPair(story.moved.map((line) => line.stop));
  const labels = order
    ? `order #${story.moved[0]!.stop.orderRef!} (pickup and delivery)`
    : listOf(story.moved.map((line) => stopLabel(line.stop)));
  const from =
    story.fromCourierId === null
      ? ''
      : `${wording.nameOf(story.fromCourierId)}${story.fromReason ? ` (${story.fromReason})` : ''}`;
  const count = story.moved.length;
  const positions = story.insertPositions;
  const place = order
    ? `${ordinal(positions?.[0] ?? story.insertPosition)} and ${ordinal(positions?.[1] ?? story.insertPosition + 1)} stops`
    : count === 1
      ? `${ordinal(story.insertPosition)} stop`
      : `${ordinal(story.insertPosition)} ${count === 2 ? 'and' : 'to'} ${ordinal(story.insertPosition + count - 1)} stops, in this order`;
  let opening: string;
  if (story.verb === 'assign') opening = `Assign ${labels} to ${to} as ${place}`;
  else if (story.verb === 'resequence')
    opening = `Serve ${labels} as ${to}'s ${place} instead (already picked up, it stays with ${to})`;
  else if (story.verb === 'reattempt')
    opening =
      story.fromCourierId === null || story.fromCourierId === story.toCourierId
        ? `Re-attempt ${labels} with ${to} as ${place}`
        : `Re-attempt ${labels} with ${to} instead of ${from} as ${place}`;
  else opening = `Move ${labels}${from ? ` from ${from}` : ''} to ${to} as ${place}`;
  const arrivals = story.moved.map((line) =>
    count === 1
      ? arrivalPhrase(line, wording)
      : `${order ? line.stop.kind : stopLabel(line.stop)} ${arrivalPhrase(line, wording)}`,
  );
  return `${opening}: ${[
    ...arrivals,
    receiverPhrase(story.receiver, wording),
    addedPhrase(story.addedMinutes, `to ${to}'s route`),
  ].join('; ')}`;
}

/** Kept stops named one by one in a spread's explanation; more are counted. */
const MAX_NAMED_KEPT = 3;

/**
 * E.g. "Move 2 of Ana's 3 stops (stalled 12 min): #11 to Ben as 3rd stop, arrives 14:32,
 * window ends 14:45; #12 to Cy as 1st stop, …; #13 stays with Ana; Ben's 6 other stops stay
 * on time; Cy's other stop stays on time; +18 min in total".
 */
export function explainSpread(story: SpreadStory, wording: Wording): string {
  const from = wording.nameOf(story.fromCourierId);
  const total = story.moves.length + story.kept.length;
  const share = story.kept.length === 0 ? `all ${total}` : `${story.moves.length} of`;
  const ofStops = story.kept.length === 0 ? `of ${from}'s stops` : `${from}'s ${total} stops`;
  const parts: string[] = [];
  for (let k = 0; k < story.moves.length; k++) {
    const move = story.moves[k]!;
    const next = story.moves[k + 1];
    const to = wording.nameOf(move.toCourierId);
    if (
      next &&
      next.toCourierId === move.toCourierId &&
      isOrderPair([move.line.stop, next.line.stop])
    ) {
      parts.push(
        `order #${move.line.stop.orderRef!} (pickup and delivery) to ${to} as ${ordinal(move.insertPosition)} and ${ordinal(next.insertPosition)} stops, pickup ${arrivalPhrase(move.line, wording)}, delivery ${arrivalPhrase(next.line, wording)}`,
      );
      k++;
      continue;
    }
    parts.push(
      `${stopLabel(move.line.stop)} to ${to} as ${ordinal(move.insertPosition)} stop, ${arrivalPhrase(move.line, wording)}`,
    );
  }
  // A few kept stops are named; a long list would bury the move itself.
  if (story.kept.length > MAX_NAMED_KEPT)
    parts.push(`the other ${story.kept.length} stay with ${from}`);
  else if (story.kept.length > 0)
    parts.push(
      `${listOf(story.kept.map(stopLabel))} ${story.kept.length === 1 ? 'stays' : 'stay'} with ${from}`,
    );
  for (const receiver of story.receivers) parts.push(receiverPhrase(receiver, wording));
  parts.push(addedPhrase(story.addedMinutes, 'in total'));
  return `Move ${share} ${ofStops} (${story.fromReason}): ${parts.join('; ')}`;
}

/** `#` and the shop's order reference, or the stop id without one; a pickup says so. */
export function stopLabel(stop: LiveStop): string {
  const ref = `#${stop.orderRef ?? stop.id}`;
  return isPickupKind(stop.kind) ? `pickup ${ref}` : ref;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** Whole minutes for people: at least 1 when there is any. */
export function wholeMinutes(minutes: number): number {
  return minutes > 0 ? Math.max(1, Math.round(minutes)) : 0;
}

function arrivalPhrase(line: MovedStopLine, wording: Wording): string {
  const waits =
    line.stop.windowStart - line.arriveAt >= 60_000
      ? `, waits until ${wording.formatClock(line.stop.windowStart)}`
      : '';
  const base = `arrives ${wording.formatClock(line.arriveAt)}${waits}, window ends ${wording.formatClock(line.stop.windowEnd)}`;
  const margin = marginMinutesOf(line.stop, wording.windowMarginMinutes ?? 0);
  const lateAfter = line.lateAfterMinutes - margin;
  const lateBefore = line.lateBeforeMinutes - margin;
  if (lateAfter <= 0) return base;
  const after = wholeMinutes(lateAfter);
  return lateBefore > 0
    ? `${base} (${after} min late instead of ${wholeMinutes(lateBefore)})`
    : `${base} (${after} min late)`;
}

/**
 * Why a late or at-risk stop leaves its courier, told against its promised window: "predicted
 * 7 min late", or "predicted 8 min before the window ends" for a stop late only against the
 * safety margin. `lateMinutes` counts from the working window end.
 */
export function predictedLateReason(
  stop: LiveStop,
  lateMinutes: number,
  windowMarginMinutes: number,
): string {
  const margin = marginMinutesOf(stop, windowMarginMinutes);
  if (margin === 0 || lateMinutes - margin > 0)
    return `predicted ${wholeMinutes(lateMinutes - margin)} min late`;
  const early = Math.round(margin - lateMinutes);
  return early >= 1
    ? `predicted ${early} min before the window ends`
    : 'predicted at the window end';
}

/** How far the stop's working window end falls before its promised one, minutes. */
function marginMinutesOf(stop: LiveStop, windowMarginMinutes: number): number {
  return Math.min(windowMarginMinutes, (stop.windowEnd - stop.windowStart) / 60_000);
}

function receiverPhrase(receiver: ReceiverSummary, wording: Wording): string {
  const name = wording.nameOf(receiver.courierId);
  const { otherOnTime, otherAlreadyLate, madeLate } = receiver;
  const total = otherOnTime + otherAlreadyLate + madeLate.length;
  if (total === 0) return `${name} has no other stops`;
  const parts: string[] = [];
  if (madeLate.length > 0) parts.push(`${listOf(madeLate.map(stopLabel))} would be late`);
  if (otherOnTime === 1 && total === 1) parts.push('other stop stays on time');
  else if (otherOnTime > 0)
    parts.push(`${otherOnTime} other ${otherOnTime === 1 ? 'stop stays' : 'stops stay'} on time`);
  if (otherAlreadyLate > 0)
    parts.push(
      `${otherAlreadyLate} already late ${otherAlreadyLate === 1 ? 'is' : 'are'} not delayed further`,
    );
  return `${name}'s ${parts.join('; ')}`;
}

function addedPhrase(minutes: number, where: string): string {
  return `+${minutes < 0.5 ? '<1' : Math.round(minutes)} min ${where}`;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
