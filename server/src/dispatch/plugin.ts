import type { FastifyPluginAsync } from 'fastify';
import {
  ReassignRequestSchema,
  SuggestionDecisionSchema,
  compileValidator,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { DomainBus } from '../events/bus';
import type { ConsoleGateway } from '../realtime/console-gateway';
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
  guard: Guard;
  consoles: ConsoleGateway;
  bus: DomainBus;
}

/**
 * Dispatch on the console: suggestions listed, accepted or rejected, stops moved by hand and
 * routes re-sequenced, over REST and the console socket (`suggestion:accept|reject`,
 * `stop:reassign`), by anyone on the console; every suggestion change pushed to all consoles.
 */
export const dispatchPlugin: FastifyPluginAsync<DispatchPluginOptions> = async (
  app,
  { suggestions, reassign, resequence, guard, consoles, bus },
) => {
  await app.register(dispatchRoutes, { suggestions, reassign, resequence, guard });
  consoles.handle('suggestion:accept', SuggestionDecision, async ({ suggestionId }, user) => ({
    result: await suggestions.accept(suggestionId, user.id),
  }));
  consoles.handle('suggestion:reject', SuggestionDecision, async ({ suggestionId }, user) => ({
    suggestion: await suggestions.reject(suggestionId, user.id),
  }));
  consoles.handle('stop:reassign', Reassign, async (request, user) => ({
    result: await reassign.reassign(request, { type: 'user', id: user.id }),
  }));
  const off = bus.on('suggestion:changed', (suggestion) =>
    consoles.push('everyone', 'suggestion:changed', suggestion),
  );
  app.addHook('onClose', async () => off());
};
