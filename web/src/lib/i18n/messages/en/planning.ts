import type { Catalogue } from '../../translate';

/** Planning and moving stops in English: the plan button and its preview, the move panel. */
export const planning = {
  'planning.button': 'Plan',
  'planning.buttonCount': { one: 'Plan {count} unassigned', other: 'Plan {count} unassigned' },
  'planning.buttonCountAtHub': {
    one: 'Plan {count} unassigned ({hub})',
    other: 'Plan {count} unassigned ({hub})',
  },
  'planning.buttonHint': "Show a plan for these stops onto {hub}'s couriers before applying it",
  'planning.dismiss': 'Dismiss',
  'planning.noHub': 'No hub to plan for',
  'planning.busy': 'A plan is being made',
  'planning.nothingWaiting': 'Nothing to plan: every stop of the hub is on a route',
  'planning.cannotMake': 'The plan could not be made: {reason}',

  'planning.summary.nothing': 'Nothing to plan.',
  'planning.summary.planned': {
    one: 'Planned {stops} onto {couriers}',
    other: 'Planned {stops} onto {couriers}',
  },
  'planning.summary.limit': '{planned} (at most {max} each)',
  'planning.summary.late': {
    one: '{count} of them predicted late',
    other: '{count} of them predicted late',
  },
  'planning.summary.unplanned': {
    one: '{count} left unassigned: {reasons}',
    other: '{count} left unassigned: {reasons}',
  },

  'planning.figure.planned': 'Stops planned',
  'planning.figure.plannedValue': '{planned} of {unassigned} unassigned, onto {couriers}',
  'planning.figure.distance': 'Distance (straight line)',
  'planning.figure.distanceValue': '{before} km → {after} km',
  'planning.figure.late': 'Late stops on these routes',
  'planning.figure.reordered': 'Routes only re-ordered',
  'planning.figure.unplanned': 'Left unassigned',

  'planning.dialog.title': 'Plan for {hub}',
  'planning.dialog.theHub': 'the hub',
  'planning.dialog.making': 'Making a plan… nothing changes until you accept it.',
  'planning.dialog.routes': 'Routes that change',
  'planning.dialog.courier': 'Courier',
  'planning.dialog.newStops': 'New stops',
  'planning.dialog.reordered': 'Re-ordered',
  'planning.dialog.stops': 'Stops',
  'planning.dialog.km': 'km',
  'planning.dialog.late': 'Late',
  'planning.dialog.lateList': 'Planned although late: {stops}',
  'planning.dialog.lateStop': '{stop} (about {minutes} min)',
  'planning.dialog.leftOut': 'Left unassigned: {stops}',
  'planning.dialog.andMore': { one: '{stops} and {count} more', other: '{stops} and {count} more' },
  'planning.dialog.expires': 'Nothing has changed yet. This plan can be accepted until {time}.',
  'planning.dialog.accept': 'Accept',
  'planning.dialog.applying': 'Applying…',
  'planning.dialog.again': 'Plan again',
  'planning.dialog.discard': 'Discard',

  'planning.move.heading': 'Move',
  'planning.move.order': 'Move order {order}',
  'planning.move.stops': { one: 'Move {count} stop', other: 'Move {count} stops' },
  'planning.move.unselect': 'Remove {stop} from the selection',
  'planning.move.conflict':
    'Not moved, a route changed meanwhile: {reason}. The routes were reloaded; check and confirm again.',
  'planning.move.failed': 'Not moved: {reason}',
  'planning.move.selectFirst': 'Select one or more stops first.',
  'planning.move.alreadyThere': 'Those stops are already on that courier’s route.',
  'planning.move.routeNotLoaded': 'The route of courier {courier} is not loaded yet.',
  'planning.move.routesNotLoaded': 'The routes are not loaded yet.',
  'planning.moved.order': 'Moved order {order} to {courier}',
  'planning.moved.orders': {
    one: 'Moved {count} order to {courier}',
    other: 'Moved {count} orders to {courier}',
  },
  'planning.moved.stops': {
    one: 'Moved a stop to {courier}',
    other: 'Moved {count} stops to {courier}',
  },
  'planning.undo.done': 'Move undone.',
  'planning.undo.failed': 'Could not undo: {reason}',
  'planning.undo.conflict':
    'Could not undo: a route changed since the move ({reason}). Nothing was changed.',
} satisfies Catalogue;
