import { DomainError } from '@dispatch/shared';
import type { Fence } from '../../cluster/fence';
import type { Database } from '../../db/client';
import { AlertClosedError, allOf, fencedBy, whileAlertOpen } from '../suggestion-fence';
import type { SuggestionService } from '../suggestion-service';
import type { Proposal } from '../suggest';

type Log = { info: (o: object, msg: string) => void };

/** The situation a proposal answers: the alert that asked (if any) and its hub. */
export interface ProposalContext {
  alertId: number | null;
  /** The hub whose auto-dispatch policy applies (null: the courier's, read by `hubOf`). */
  hubId: number | null;
  /** The courier the situation is about, when it is about one. */
  courierId: number | null;
  /** The hub whose owner proposes: every write is fenced by its lease. */
  ownerHubId: number;
}

export interface ProposalKeeperDeps {
  db: Pick<Database, 'query'>;
  suggestions: Pick<SuggestionService, 'hasOpen' | 'create' | 'accept'>;
  /** What each write checks in its transaction: that this node still holds the hub's lease. */
  fence: Fence;
  /** Waits until a write will not hold up a detection pass. */
  writeSlot: () => Promise<void>;
  hubOf: (courierId: number) => number | null;
  log: Log;
}

/**
 * Turns computed proposals into stored suggestions: each one is stored unless an open
 * suggestion already proposes the same or the alert it answers was resolved meanwhile, and the
 * first that the hub's auto-dispatch policy allows is accepted at once. Runs on the server's thread (it writes), one proposal at a time.
 * Each write (and the policy's accept) is fenced by the situation's hub: a node that lost the hub
 * meanwhile gets `FencedError` and writes nothing.
 */
export class ProposalKeeper {
  constructor(private readonly deps: ProposalKeeperDeps) {}

  async keep(proposals: readonly Proposal[], context: ProposalContext): Promise<void> {
    let autoAccepted = false;
    for (const proposal of proposals) {
      // The embedded database answers one transaction at a time: writes wait for a slot, so
      // that a detection pass never queues its alerts behind them.
      await this.deps.writeSlot();
      if (await this.deps.suggestions.hasOpen(proposal.stopIds, proposal.toCourierId)) continue;
      const id = await this.store(proposal, context).catch((err: unknown) => {
        // Resolved while this proposal was computed or waited: nothing left to answer.
        if (err instanceof AlertClosedError) return null;
        throw err;
      });
      if (id === null) return;
      if (!autoAccepted && (await this.autoAccepts(proposal, context))) {
        autoAccepted = await this.accept(id, context.ownerHubId);
      }
    }
  }

  /**
   * The hub's auto-dispatch policy: on, and the move removes lateness without making any other
   * stop late.
   */
  private async autoAccepts(proposal: Proposal, context: ProposalContext): Promise<boolean> {
    if (proposal.effect.latenessRemovedMinutes <= 0) return false;
    if (proposal.effect.otherStopsMadeLate.length > 0) return false;
    const hubId =
      context.hubId ??
      this.deps.hubOf(context.courierId ?? proposal.fromCourierId ?? proposal.toCourierId);
    if (hubId === null) return false;
    const [hub] = await this.deps.db.query<{ auto_dispatch: boolean }>(
      'select auto_dispatch from hubs where id = $1',
      [hubId],
    );
    return hub?.auto_dispatch === true;
  }

  private async accept(suggestionId: number, ownerHubId: number): Promise<boolean> {
    try {
      // Every hub's suggestion (no user's scope), fenced by the hub it was proposed for.
      await this.deps.suggestions.accept(
        suggestionId,
        null,
        undefined,
        fencedBy(this.deps.fence, ownerHubId),
      );
      this.deps.log.info({ suggestionId }, 'suggestion accepted by the auto-dispatch policy');
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return false;
      throw err;
    }
  }

  private async store(proposal: Proposal, context: ProposalContext): Promise<number> {
    const versions = proposal.routeVersions;
    const from = proposal.fromCourierId;
    const view = await this.deps.suggestions.create(
      {
        kind: proposal.kind,
        stopIds: proposal.stopIds,
        fromCourierId: from,
        toCourierId: proposal.toCourierId,
        fromRouteVersion: from === null ? null : (versions[String(from)] ?? null),
        toRouteVersion: versions[String(proposal.toCourierId)] ?? 0,
        insertPosition: proposal.insertPosition,
        score: Math.round(proposal.score * 10) / 10,
        explanation: proposal.explanation,
        details: {
          alertId: context.alertId,
          moves: proposal.moves.map((m) => ({
            stopIds: [m.stopId],
            toCourierId: m.toCourierId,
            position: m.insertPosition,
          })),
          routeVersions: versions,
          effect: proposal.effect,
        },
      },
      { type: 'system' },
      context.alertId === null
        ? fencedBy(this.deps.fence, context.ownerHubId)
        : allOf(fencedBy(this.deps.fence, context.ownerHubId), whileAlertOpen(context.alertId)),
    );
    return view.id;
  }
}
