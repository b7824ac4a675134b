import type { Catalogue } from '../../translate';

/**
 * Hubs' delivery windows in English (settings): the slots customers may move a delivery to from
 * their tracking page.
 */
export const windowSlots = {
  'slots.heading': 'Delivery windows for customers',
  'slots.intro':
    'The windows a customer may move a delivery to from their tracking page, every day in the hub’s time, each with how many deliveries it takes a day. Without any, customers may only choose to collect the parcel at the hub.',
  'slots.hub': 'Hub',
  'slots.start': 'From',
  'slots.end': 'To',
  'slots.capacity': 'Deliveries a day',
  'slots.none': 'No windows: customers may only collect at the hub.',
  'slots.add': 'Add a window',
  'slots.remove': 'Remove',
  'slots.startLabel': 'Window {n} starts at',
  'slots.endLabel': 'Window {n} ends at',
  'slots.capacityLabel': 'Deliveries window {n} takes a day',
  'slots.removeLabel': 'Remove window {n}',
  'slots.readOnly': 'Only supervisors and admins of this hub change these.',
  'slots.saving': 'Saving…',
  'slots.saved': 'Saved',
  'slots.notSaved': 'Not saved: {reason}',
  'slots.badTime': 'Each window needs a start and an end time',
  'slots.capacityRange': 'Deliveries a day must be a whole number from 1 to {max}',
  'slots.endBeforeStart': 'The window {slot} ends before it starts',
  'slots.overlap': 'The windows {a} and {b} overlap',
  'slots.tooMany': 'At most {max} windows',
} satisfies Catalogue;
