import type { FastifyPluginAsync } from 'fastify';
import {
  ReassignRequestSchema,
  SuggestionDecisionSchema,
  compileValidator,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { ConsoleGateway } from '../realtime/console-gateway';
import { movePreviewRoutes } from './move-preview-routes';
import type { MovePreviewService } from './move-preview-service';
import type { ReassignService } from './reassign-service';
import type { ResequenceService } from './resequence-service';
import { dispatchRoutes } from './routes';
import type { SuggestionService } from './suggestion-service';

const SuggestionDecision = compileValidator(SuggestionDecisionSchema, 'suggestion decision');
const Reassign = compileValidator(ReassignRequestSchema, 'stop:reassign');

export interface DispatchPluginOptions {
  suggestions: SuggestionService;
  reassign: ReassignService;
  resequence: ResequenceService;
  /** Moves looked at before they are made (previews, candidates). */
  movePreview: MovePreviewService;
  guard: Guard;
  consoles: ConsoleGateway;
  bus: DomainBus;
}

/**
 * Dispatch on the console: suggestions listed, accepted or rejected, stops moved by hand and
 * routes re-sequenced, over REST and the console socket (`suggestion:accept|reject`,
 * `stop:reassign`), by anyone on the console for their hub; every suggestion change pushed to the
 * consoles that may see its receiving courier's hub.
 */
export const dispatchPlugin: FastifyPluginAsync<DispatchPluginOptions> = async (
  app,
  { suggestions, reassign, resequence, movePreview, guard, consoles, bus },
) => {
  await app.register(dispatchRoutes, { suggestions, reassign, resequence, guard });
  await app.register(movePreviewRoutes, { movePreview, guard });
  consoles.handle('suggestion:accept', SuggestionDecision, async ({ suggestionId }, user) => ({
    result: await suggestions.accept(
      suggestionId,
      user.id,
      guard.scopeOf(user, 'socket suggestion:accept'),
    ),
  }));
  consoles.handle('suggestion:reject', SuggestionDecision, async ({ suggestionId }, user) => ({
    suggestion: await suggestions.reject(
      suggestionId,
      user.id,
      guard.scopeOf(user, 'socket suggestion:reject'),
    ),
  }));
  consoles.handle('stop:reassign', Reassign, async (request, user) => ({
    result: await reassign.reassign(
      request,
      { type: 'user', id: user.id },
      guard.scopeOf(user, 'socket stop:reassign'),
    ),
  }));
  // A suggestion is of its receiving courier's hub, as the REST routes scope it.
  const off = bus.onLocal('suggestion:changed', (suggestion) =>
    consoles.pushToHub(
      consoles.hubOfCouriers([suggestion.toCourierId]),
      'suggestion:changed',
      suggestion,
    ),
  );
  const offRoutes = bus.on('routes:changed', (courierIds) => movePreview.routesChanged(courierIds));
  app.addHook('onClose', async () => {
    off();
    offRoutes();
  });
};
