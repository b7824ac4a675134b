/** What a key press asks the console to do. */
export type ShortcutAction =
  | 'next-alert'
  | 'previous-alert'
  | 'acknowledge-alert'
  | 'accept-suggestion'
  | 'focus-search'
  | 'clear-selection'
  | 'toggle-help';

/** The shortcuts, as the help overlay lists them. */
export const SHORTCUTS: readonly { keys: string[]; action: ShortcutAction; text: string }[] = [
  { keys: ['j'], action: 'next-alert', text: 'Next alert' },
  { keys: ['k'], action: 'previous-alert', text: 'Previous alert' },
  { keys: ['a'], action: 'acknowledge-alert', text: 'Acknowledge the selected alert' },
  { keys: ['Enter', 'y'], action: 'accept-suggestion', text: 'Accept the selected suggestion' },
  { keys: ['/'], action: 'focus-search', text: 'Search couriers' },
  { keys: ['Escape'], action: 'clear-selection', text: 'Clear the selection (or close this help)' },
  { keys: ['?'], action: 'toggle-help', text: 'Show or hide these shortcuts' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

/** The fields of a keyboard event the shortcuts look at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element, e.g. INPUT. */
  targetTag: string | null;
  targetEditable: boolean;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The console action for a key press, or null. While the user types in a field only Escape
 * counts; Enter on a focused button keeps its usual meaning.
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const typing =
    press.targetEditable || (press.targetTag !== null && TYPING_TAGS.has(press.targetTag));
  if (typing) return press.key === 'Escape' ? 'clear-selection' : null;
  if (press.key === 'Enter' && (press.targetTag === 'BUTTON' || press.targetTag === 'A'))
    return null;
  return BY_KEY.get(press.key) ?? null;
}

export function keyPressOf(event: KeyboardEvent): KeyPress {
  const target = event.target instanceof HTMLElement ? event.target : null;
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    targetTag: target?.tagName ?? null,
    targetEditable: target?.isContentEditable ?? false,
  };
}
