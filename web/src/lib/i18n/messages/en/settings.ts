import type { Catalogue } from '../../translate';

/** The settings page's messages in English: each hub's policies. */
export const settings = {
  'settings.title': 'Settings',
  'settings.hubPolicies': 'Hub policies',
  'settings.intro':
    'Auto-dispatch accepts a suggestion on its own when it removes lateness and makes nobody late. The on-time target is the share of deliveries inside their window the hub promises; under it, supervisors are alerted. Shifts and every time on the console are in the hub’s time zone.',
  'settings.readOnly': 'Only supervisors and admins change these; you can read them.',
  'settings.noHubs': 'No hubs yet.',
  'settings.hub': 'Hub',
  'settings.autoDispatch': 'Auto-dispatch',
  'settings.onTimeTarget': 'On-time target',
  'settings.timeZone': 'Time zone',
  'settings.on': 'On',
  'settings.off': 'Off',
  'settings.targetLabel': 'On-time target for {hub}, percent',
  'settings.zoneLabel': 'Time zone of {hub}',
  'settings.saving': 'Saving…',
  'settings.saved': 'Saved',
  'settings.notSaved': 'Not saved: {reason}',
  'settings.targetRange': 'The on-time target is a percentage from 0 to 100',
  'settings.unknownZone': '"{zone}" is not a time zone name like Asia/Tokyo',
} satisfies Catalogue;
