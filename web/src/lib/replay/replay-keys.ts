/** What a key press asks the replay to do. */
export type ReplayKeyAction = { type: 'toggle' } | { type: 'step'; ms: number };

/** The fields of a key press the replay looks at. */
export interface ReplayKeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element (e.g. INPUT), and its type for an input. */
  targetTag: string | null;
  targetType: string | null;
}

const MINUTE = 60_000;

/**
 * Space plays or pauses; the arrows step a minute back or on (ten with Shift). Not while the
 * user types in a field or picks from a list; the time slider takes them as the replay's own.
 */
export function replayKeyAction(press: ReplayKeyPress): ReplayKeyAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const slider = press.targetTag === 'INPUT' && press.targetType === 'range';
  if (
    !slider &&
    (press.targetTag === 'INPUT' || press.targetTag === 'SELECT' || press.targetTag === 'TEXTAREA')
  )
    return null;
  if (press.key === ' ') return { type: 'toggle' };
  const step = press.shiftKey ? 10 * MINUTE : MINUTE;
  if (press.key === 'ArrowRight') return { type: 'step', ms: step };
  if (press.key === 'ArrowLeft') return { type: 'step', ms: -step };
  return null;
}

export function replayKeyPressOf(event: KeyboardEvent): ReplayKeyPress {
  const target = event.target instanceof HTMLElement ? event.target : null;
  return {
    key: event.key,
    shiftKey: event.shiftKey,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    targetTag: target?.tagName ?? null,
    targetType: target instanceof HTMLInputElement ? target.type : null,
  };
}
