import type { replay } from '../i18n/messages/en/replay';
import { SLA_COLORS, TRAIL_COLOR } from '../map/palette';
import type { StopState } from './event-index';

/** Stop marker colours by state at the moment shown. */
export const STOP_STATE_COLORS: Record<StopState, string> = {
  waiting: '#9aa5b1',
  late: SLA_COLORS.late,
  arrived: '#2ec4b6',
  delivered: SLA_COLORS.on_time,
  failed: SLA_COLORS.failed,
};

/** The legend's words for each state, as message keys. */
export const STOP_STATE_LABEL_KEYS: Record<StopState, keyof typeof replay> = {
  waiting: 'replay.stopState.waiting',
  late: 'replay.stopState.late',
  arrived: 'replay.stopState.arrived',
  delivered: 'replay.stopState.delivered',
  failed: 'replay.stopState.failed',
};

export const REPLAY_COURIER_COLOR = '#4f9dff';
export const REPLAY_TRAIL_COLOR = TRAIL_COLOR;
