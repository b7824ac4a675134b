import type { FastifyPluginAsync } from 'fastify';
import { StopCheckInReportSchema, compileValidator } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { CourierGateway } from '../ingest/courier-gateway';
import type { ActionFailure } from '../realtime/socket-actions';
import type { AttemptReports } from './attempt-report';
import type { AttemptPolicyStore } from './policy-store';
import type { ReturnCheckIn } from './return-check-in';
import { attemptRoutes } from './routes';

const StopCheckIn = compileValidator(StopCheckInReportSchema, 'stop check-in');

const CHECK_IN_FAILURE: ActionFailure = {
  code: 'unavailable',
  message: 'could not check the parcel in; try again',
  logMessage: 'checking a returned parcel in failed',
};

export interface AttemptsPluginOptions {
  policies: AttemptPolicyStore;
  checkIn: ReturnCheckIn;
  reports: AttemptReports;
  guard: Guard;
  devices: CourierGateway;
}

/**
 * Failed attempts and returns over REST (`routes.ts`), and `stop:returned` from a device: the
 * courier who brought a parcel back checks it in at the hub itself (only its own returning
 * stops).
 */
export const attemptsPlugin: FastifyPluginAsync<AttemptsPluginOptions> = async (
  app,
  { policies, checkIn, reports, guard, devices },
) => {
  await app.register(attemptRoutes, { policies, checkIn, reports, guard });
  devices.handle(
    'stop:returned',
    StopCheckIn,
    async ({ stopId, t }, courierId) => {
      await checkIn.checkIn(stopId, { courierId, deviceT: t });
      return {};
    },
    CHECK_IN_FAILURE,
  );
};
