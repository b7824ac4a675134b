import type { MessageKey } from '../i18n/messages/en';

/** What a key press asks the console to do. */
export type ShortcutAction =
  | 'next-alert'
  | 'previous-alert'
  | 'acknowledge-alert'
  | 'accept-suggestion'
  | 'next-late-courier'
  | 'plan'
  | 'focus-search'
  | 'clear-selection'
  | 'toggle-help';

/** The shortcuts, as the help overlay lists them: the keys as pressed, what they do as a message. */
export const SHORTCUTS: readonly { keys: string[]; action: ShortcutAction; text: MessageKey }[] = [
  { keys: ['j'], action: 'next-alert', text: 'header.help.nextProblem' },
  { keys: ['k'], action: 'previous-alert', text: 'header.help.previousProblem' },
  { keys: ['a'], action: 'acknowledge-alert', text: 'header.help.acknowledge' },
  { keys: ['Enter', 'y'], action: 'accept-suggestion', text: 'header.help.acceptFix' },
  { keys: ['l'], action: 'next-late-courier', text: 'header.help.nextBehind' },
  { keys: ['p'], action: 'plan', text: 'header.help.plan' },
  { keys: ['/'], action: 'focus-search', text: 'header.help.searchCouriers' },
  { keys: ['Escape'], action: 'clear-selection', text: 'header.help.clearSelection' },
  { keys: ['?'], action: 'toggle-help', text: 'header.help.toggle' },
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
