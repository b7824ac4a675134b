/** The console page's side panels that collapse. */
export const PANELS = ['problems', 'couriers', 'drawer'] as const;
export type PanelName = (typeof PANELS)[number];

/** Each panel's name as its collapse button says it. */
export const PANEL_TITLES: Record<PanelName, string> = {
  problems: 'map.panelProblems',
  couriers: 'map.panelCouriers',
  drawer: 'map.panelDrawer',
};

const STORAGE_KEY = 'dispatch.collapsedPanels';

/** The collapsed panels as stored: a JSON list of names; anything else reads as none collapsed. */
export function parseCollapsed(raw: string | null): Set<PanelName> {
  try {
    const names: unknown = JSON.parse(raw ?? '[]');
    if (!Array.isArray(names)) return new Set();
    return new Set(PANELS.filter((p) => names.includes(p)));
  } catch {
    return new Set();
  }
}

/** The side panels collapsed, remembered in the browser so a reload keeps the layout. */
export class SidePanels {
  collapsed = $state.raw<ReadonlySet<PanelName>>(new Set());
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
    this.#storage = storage;
    this.collapsed = parseCollapsed(storage?.getItem(STORAGE_KEY) ?? null);
  }

  isCollapsed(panel: PanelName): boolean {
    return this.collapsed.has(panel);
  }

  toggle(panel: PanelName): void {
    const next = new Set(this.collapsed);
    if (!next.delete(panel)) next.add(panel);
    this.collapsed = next;
    this.#storage?.setItem(STORAGE_KEY, JSON.stringify([...next]));
  }
}
