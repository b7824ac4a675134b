import type { Catalogue } from '../../translate';

/** Pairing a courier's phone, in English: the courier panel's phone section and its dialog. */
export const pairing = {
  'pairing.heading': 'Phone',
  'pairing.hasToken': 'A phone or tracker can sign in as this courier.',
  'pairing.noToken': 'No phone is signed in as this courier.',
  'pairing.pair': 'Pair a phone',
  'pairing.pairHint':
    'Show a link, QR code and code that sign a phone in as this courier; any phone used before is signed out',
  'pairing.title': 'Pair a phone with {courier}',
  'pairing.making': 'Making a code…',
  'pairing.failed': 'No code was made: {reason}',
  'pairing.scan': 'Scan this with the courier’s phone camera, or open the link on the phone:',
  'pairing.qrAlt': 'QR code of the link that pairs a phone with {courier}',
  'pairing.copy': 'Copy link',
  'pairing.copied': 'Link copied.',
  'pairing.copyFailed': 'Could not copy: select the link and copy it.',
  'pairing.onlyThisComputer':
    'This link names this computer, which a phone cannot open. Start the server with PUBLIC_URL set to an address phones reach (such as http://192.168.1.20:3000) and HOST=0.0.0.0.',
  'pairing.typeCode': 'Or type this code on the phone’s pairing page:',
  'pairing.codeLabel': 'Pairing code',
  'pairing.expiresIn': 'Works once, for {time} more.',
  'pairing.expired': 'This code has expired.',
  'pairing.newCode': 'Make a new code',
  'pairing.replaces': 'Pairing signs out the phone this courier used before.',
  'pairing.signOut': 'Sign the phone out',
  'pairing.signOutConfirm':
    '{courier}’s phone will stop sending positions and receiving route changes until a phone is paired again. Sign it out?',
  'pairing.signOutYes': 'Sign out',
  'pairing.signingOut': 'Signing out…',
  'pairing.signedOut': 'The phone is signed out.',
  'pairing.signOutFailed': 'Not signed out: {reason}',
} satisfies Catalogue;
