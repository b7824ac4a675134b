import type { Catalogue } from '../../translate';

/**
 * Failed attempts and returns in English: the hubs' re-attempt policies (settings), the
 * supervisor's figures (SLA page) and parcels coming back to check in (stops page).
 */
export const attempts = {
  'attempts.policy.heading': 'Failed attempts',
  'attempts.policy.intro':
    'What a hub does when a delivery fails, per service tier: try again the same day while at least 30 minutes of the window are left, or move it to the same hours of the next day. A refused or damaged parcel, or one out of attempts, goes back to the hub as the last stop of the courier’s route.',
  'attempts.policy.hub': 'Hub',
  'attempts.policy.tier': 'Service tier',
  'attempts.policy.retrySameDay': 'Retry the same day',
  'attempts.policy.moveToNextDay': 'Move to the next day',
  'attempts.policy.maxAttempts': 'Attempts before it goes back',
  'attempts.policy.retryLabel': 'Retry {tier} parcels the same day',
  'attempts.policy.nextDayLabel': 'Move {tier} parcels to the next day',
  'attempts.policy.attemptsLabel': 'Attempts for {tier} parcels before they go back to the hub',
  'attempts.policy.readOnly': 'Only supervisors and admins of this hub change these.',
  'attempts.policy.saving': 'Saving…',
  'attempts.policy.saved': 'Saved',
  'attempts.policy.notSaved': 'Not saved: {reason}',
  'attempts.policy.attemptsRange': 'Attempts must be a whole number from 1 to {max}',
  'attempts.figures.heading': 'Failed attempts and returns today',
  'attempts.figures.hub': 'Hub',
  'attempts.figures.failed': {
    one: '{count} failed attempt',
    other: '{count} failed attempts',
  },
  'attempts.figures.noFailures': 'No failed attempts today.',
  'attempts.figures.onTheWayBack': 'On their way back',
  'attempts.figures.onTheWayBackHint': 'In a courier’s vehicle, coming back to the hub',
  'attempts.figures.awaitingCheckIn': 'Waiting to be checked in',
  'attempts.figures.awaitingCheckInHint': 'Their courier has no stops left: at or near the hub',
  'attempts.figures.returnedToday': 'Returned today',
  'attempts.figures.loadFailed': 'Could not load the figures: {reason}',
  'attempts.reason.not_home': 'Nobody home',
  'attempts.reason.refused': 'Refused',
  'attempts.reason.wrong_address': 'Wrong address',
  'attempts.reason.no_access': 'No access',
  'attempts.reason.damaged': 'Damaged',
  'attempts.reason.unsafe': 'Unsafe',
  'attempts.reason.other': 'Other',
  'attempts.returns.heading': 'Parcels coming back',
  'attempts.returns.intro':
    'Parcels whose delivery failed, on their way back to the hub. Check each in when the courier hands it over.',
  'attempts.returns.empty': 'No parcels on their way back.',
  'attempts.returns.reference': 'Reference',
  'attempts.returns.address': 'Address',
  'attempts.returns.attempts': 'Attempts',
  'attempts.returns.courier': 'Courier',
  'attempts.returns.checkIn': 'Check in',
  'attempts.returns.checkInLabel': 'Check {stop} in at the hub',
  'attempts.returns.checkedIn': '{stop} checked in at the hub',
  'attempts.returns.notCheckedIn': '{stop} not checked in: {reason}',
} satisfies Catalogue;
