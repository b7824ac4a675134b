import type { Catalogue } from '../../translate';

/** The console map's messages in English: a stop dragged onto a courier, and the side panels. */
export const map = {
  'map.dropOnCourier': 'Drop on a courier to move it there',
  'map.dropOnAnother': 'Drop on another courier to move it',
  'map.workingOut': '{name}: working out the effect…',
  'map.draggedOrder': 'Order {ref}',
  'map.draggedStop': 'Stop {id}',
  'map.panelProblems': 'Problems',
  'map.panelCouriers': 'Couriers and stops',
  'map.panelDrawer': 'Courier details',
  'map.collapsePanel': 'Hide this panel; the map gets its room',
  'map.expandPanel': 'Show this panel again',
} satisfies Catalogue;
