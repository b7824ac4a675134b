import { tick } from 'svelte';
import { nextBehind } from '../state/fleet-lateness';
import { unassignedByHub } from '../state/planning.svelte';
import type { ShortcutAction } from '../ui/shortcuts';
import type { ConsoleSession } from './console-session.svelte';

/** The help overlay as the shortcuts see it: whether it is open, and opening or closing it. */
export interface HelpToggle {
  readonly open: boolean;
  toggle(): void;
}

/** Does what a shortcut asks of the console's session (`ui/shortcuts.ts` maps keys to actions). */
export async function runShortcut(
  action: ShortcutAction,
  event: KeyboardEvent,
  s: ConsoleSession,
  help: HelpToggle,
): Promise<void> {
  switch (action) {
    case 'next-alert':
    case 'previous-alert': {
      const problem =
        action === 'next-alert' ? s.problemBoard.selectNext() : s.problemBoard.selectPrevious();
      s.suggestions.selectedId = problem
        ? (s.problemBoard.suggestionsFor(problem.key)[0]?.id ?? null)
        : null;
      return;
    }
    case 'acknowledge-alert':
      if (s.problemBoard.selected)
        await s.problemBoard.acknowledge(s.problemBoard.selected, (id) => s.acknowledgeAlert(id));
      return;
    case 'accept-suggestion':
      if (!s.suggestions.selected) return;
      event.preventDefault();
      return s.acceptSuggestion(s.suggestions.selected.id);
    case 'next-late-courier': {
      const rows = [...s.fleet.roster.values()].map((c) => ({ id: c.id, name: c.name }));
      const next = nextBehind(rows, s.lateness.byCourier, s.selection.courierId);
      if (next) s.selectCourier(next.id);
      return;
    }
    case 'plan': {
      const waiting = unassignedByHub(s.stops.all);
      const hub = s.hubs.find(
        (h) => (s.user.hubId === null || h.id === s.user.hubId) && (waiting.get(h.id) ?? 0) > 0,
      );
      if (hub && !s.planning.open) await s.previewPlan(hub.id);
      return;
    }
    case 'focus-search':
      event.preventDefault();
      s.selectCourier(null);
      await tick();
      return document.getElementById('courier-search')?.focus();
    case 'clear-selection':
      if (help.open) return;
      s.clearSelectionStep();
      if (event.target instanceof HTMLElement && event.target.tagName === 'INPUT')
        event.target.blur();
      return;
    case 'toggle-help':
      help.toggle();
      return;
  }
}
