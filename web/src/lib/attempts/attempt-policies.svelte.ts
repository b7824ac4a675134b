import type { AttemptPolicies, AttemptPolicy, SlaTier } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';

/** Most attempts a policy may allow (the server's limit too). */
export const MAX_ATTEMPTS_LIMIT = 10;

/** A tier's policy as the form holds it (the attempts as typed). */
export interface PolicyDraft {
  slaTier: SlaTier;
  retrySameDay: boolean;
  moveToNextDay: boolean;
  maxAttempts: string;
}

export const draftOfPolicy = (p: AttemptPolicy): PolicyDraft => ({
  slaTier: p.slaTier,
  retrySameDay: p.retrySameDay,
  moveToNextDay: p.moveToNextDay,
  maxAttempts: String(p.maxAttempts),
});

/**
 * The tiers a form changed, as the PUT route takes them, or what is wrong in words; `null` when
 * nothing changed.
 */
export function policiesToSave(
  saved: readonly AttemptPolicy[],
  drafts: readonly PolicyDraft[],
): { policies: AttemptPolicy[] | null } | { error: Wording } {
  const changed: AttemptPolicy[] = [];
  for (const draft of drafts) {
    const text = draft.maxAttempts.trim();
    const max = Number(text);
    if (!/^\d+$/.test(text) || max < 1 || max > MAX_ATTEMPTS_LIMIT)
      return { error: (t) => t('attempts.policy.attemptsRange', { max: MAX_ATTEMPTS_LIMIT }) };
    const policy: AttemptPolicy = {
      slaTier: draft.slaTier,
      retrySameDay: draft.retrySameDay,
      moveToNextDay: draft.moveToNextDay,
      maxAttempts: max,
    };
    const before = saved.find((p) => p.slaTier === draft.slaTier);
    if (
      !before ||
      before.retrySameDay !== policy.retrySameDay ||
      before.moveToNextDay !== policy.moveToNextDay ||
      before.maxAttempts !== policy.maxAttempts
    )
      changed.push(policy);
  }
  return { policies: changed.length > 0 ? changed : null };
}

/** The settings page's re-attempt policies of one hub at a time, edited and saved as a whole. */
export class AttemptPolicyBoard {
  hubId = $state<number | null>(null);
  saved = $state.raw<AttemptPolicy[]>([]);
  drafts = $state<PolicyDraft[]>([]);
  loading = $state(false);
  saving = $state(false);
  /** A saved change or a refusal, in words. */
  message = $state.raw<Wording | null>(null);
  failed = $state(false);

  /** Shows the policies of `hubId`, as the server holds them. */
  async load(hubId: number, fetch: (hubId: number) => Promise<AttemptPolicies>): Promise<void> {
    this.hubId = hubId;
    this.loading = true;
    this.message = null;
    try {
      const { policies } = await fetch(hubId);
      if (this.hubId !== hubId) return;
      this.replace(policies);
    } catch (err) {
      this.fail(failureWording(err));
    } finally {
      if (this.hubId === hubId) this.loading = false;
    }
  }

  /** Whether the form differs from what the server holds (something to save, or to fix). */
  get changed(): boolean {
    const result = policiesToSave(this.saved, this.drafts);
    return 'error' in result || result.policies !== null;
  }

  async save(
    send: (hubId: number, policies: AttemptPolicies) => Promise<AttemptPolicies>,
  ): Promise<boolean> {
    const hubId = this.hubId;
    if (hubId === null) return false;
    const result = policiesToSave(this.saved, this.drafts);
    if ('error' in result) {
      this.fail(result.error);
      return false;
    }
    if (result.policies === null) return true;
    this.saving = true;
    try {
      const { policies } = await send(hubId, { policies: result.policies });
      if (this.hubId === hubId) {
        this.replace(policies);
        this.message = (t) => t('attempts.policy.saved');
      }
      return true;
    } catch (err) {
      const reason = failureWording(err);
      this.fail((t) => t('attempts.policy.notSaved', { reason: reason(t) }));
      return false;
    } finally {
      this.saving = false;
    }
  }

  private replace(policies: readonly AttemptPolicy[]): void {
    this.saved = [...policies];
    this.drafts = policies.map(draftOfPolicy);
    this.failed = false;
  }

  private fail(message: Wording): void {
    this.message = message;
    this.failed = true;
  }
}
