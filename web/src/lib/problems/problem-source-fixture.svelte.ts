import type { AlertView } from '@dispatch/shared';

/** Alerts a test can change under a `ProblemBoard`, the way the console's feed changes. */
export class ChangingAlerts {
  alerts = $state.raw<readonly AlertView[]>([]);
  loaded = $state(false);
}
