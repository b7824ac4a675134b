import { eq } from 'drizzle-orm';
import {
  DomainError,
  SLA_TIERS,
  type AttemptPolicies,
  type AttemptPolicy,
  type SlaTier,
} from '@dispatch/shared';
import type { Orm } from '../db/client';
import { attemptPolicies, hubs } from '../db/schema';
import { appendEvents, type Actor } from '../events/event-log';
import { DEFAULT_ATTEMPT_POLICIES } from './attempt-decision';

type Reader = Pick<Orm, 'select'>;

/** A hub's re-attempt policies, one per tier, the defaults filling tiers it has not set. */
export async function policiesOf(orm: Reader, hubId: number): Promise<AttemptPolicy[]> {
  const rows = await orm.select().from(attemptPolicies).where(eq(attemptPolicies.hubId, hubId));
  return SLA_TIERS.map((tier) => {
    const row = rows.find((r) => r.slaTier === tier);
    return row
      ? {
          slaTier: tier,
          retrySameDay: row.retrySameDay,
          moveToNextDay: row.moveToNextDay,
          maxAttempts: row.maxAttempts,
        }
      : { ...DEFAULT_ATTEMPT_POLICIES[tier] };
  });
}

/** The policy of one tier at a hub (the default when the hub has not set it). */
export async function policyFor(orm: Reader, hubId: number, tier: SlaTier): Promise<AttemptPolicy> {
  return (await policiesOf(orm, hubId)).find((p) => p.slaTier === tier)!;
}

/** Supervisors' re-attempt policies per hub and tier, read and replaced with an event. */
export class AttemptPolicyStore {
  constructor(private readonly orm: Orm) {}

  /** The hub's policy for every tier; `not_found` for a hub that does not exist. */
  async get(hubId: number): Promise<AttemptPolicies> {
    await this.requireHub(this.orm, hubId);
    return { policies: await policiesOf(this.orm, hubId) };
  }

  /**
   * Sets the tiers named (the others keep theirs) in one transaction, with a `hub.attempt_policies_changed`
   * event holding each tier before and after. A tier named twice is `invalid`.
   */
  async put(hubId: number, input: AttemptPolicies, actor: Actor): Promise<AttemptPolicies> {
    const tiers = input.policies.map((p) => p.slaTier);
    const twice = tiers.find((tier, i) => tiers.indexOf(tier) !== i);
    if (twice) throw new DomainError('invalid', `the tier ${twice} is named twice`);
    return this.orm.transaction(async (tx) => {
      await this.requireHub(tx, hubId, true);
      const before = await policiesOf(tx, hubId);
      const updatedBy = actor.type === 'user' ? actor.id : null;
      for (const p of input.policies) {
        const values = {
          retrySameDay: p.retrySameDay,
          moveToNextDay: p.moveToNextDay,
          maxAttempts: p.maxAttempts,
          updatedBy,
          updatedAt: new Date(),
        };
        await tx
          .insert(attemptPolicies)
          .values({ hubId, slaTier: p.slaTier, ...values })
          .onConflictDoUpdate({
            target: [attemptPolicies.hubId, attemptPolicies.slaTier],
            set: values,
          });
      }
      const after = await policiesOf(tx, hubId);
      await appendEvents(tx, actor, [
        {
          kind: 'hub.attempt_policies_changed',
          subjectType: 'hub',
          subjectId: hubId,
          data: {
            before: before.filter((p) => tiers.includes(p.slaTier)),
            after: after.filter((p) => tiers.includes(p.slaTier)),
          },
        },
      ]);
      return { policies: after };
    });
  }

  private async requireHub(orm: Reader, hubId: number, lock = false): Promise<void> {
    const query = orm.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId));
    // Two supervisors saving at once are applied one after the other.
    const [hub] = lock ? await query.for('update') : await query;
    if (!hub) throw new DomainError('not_found', `hub ${hubId} does not exist`);
  }
}
