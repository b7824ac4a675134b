import type { Catalogue } from '../../translate';

/** Words every page uses, in English. */
export const common = {
  'common.loading': 'Loading…',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.save': 'Save',
  'common.minutes': { one: '{count} min', other: '{count} min' },
  'common.stops': { one: '{count} stop', other: '{count} stops' },
  'common.couriers': { one: '{count} courier', other: '{count} couriers' },
} satisfies Catalogue;
