/** A courier's GPS tracker (Traccar Client, OsmAnd trackers), in English: the courier panel, admins only. */
export const tracker = {
  'tracker.heading': 'Tracker secret',
  'tracker.explain':
    'A GPS tracker or the Traccar Client app sends positions for this courier when its device identifier is the tracker secret.',
  'tracker.issuedAt': 'A secret was issued {age} ago.',
  'tracker.none': 'No tracker secret is issued.',
  'tracker.issue': 'Issue a secret',
  'tracker.rotate': 'Replace the secret',
  'tracker.rotateHint': 'Makes a new secret; the tracker using the old one stops being accepted',
  'tracker.revoke': 'Revoke the secret',
  'tracker.revoked': 'The secret was revoked: the tracker is no longer accepted.',
  'tracker.working': 'Working…',
  'tracker.failed': 'That did not work: {reason}',
  'tracker.showOnce': 'Copy it now: it is shown only this once.',
  'tracker.secretLabel': 'Device identifier',
  'tracker.urlLabel': 'Server URL',
  'tracker.done': 'Done',
  'tracker.legacy': 'Also accept the tracker’s own id ({id})',
  'tracker.legacyHint':
    'Only for old trackers that cannot take a secret: anyone who knows that id can send positions for this courier.',
  'tracker.noExternalId': 'No tracker id is set for this courier.',
} as const;
