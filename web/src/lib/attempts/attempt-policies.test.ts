import { describe, expect, it } from 'vitest';
import type { AttemptPolicies, AttemptPolicy } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { AttemptPolicyBoard, draftOfPolicy, policiesToSave } from './attempt-policies.svelte';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

const POLICIES: AttemptPolicy[] = [
  { slaTier: 'express', retrySameDay: true, moveToNextDay: false, maxAttempts: 2 },
  { slaTier: 'same_day', retrySameDay: true, moveToNextDay: true, maxAttempts: 3 },
  { slaTier: 'next_day', retrySameDay: false, moveToNextDay: true, maxAttempts: 3 },
];
const answer = (policies: AttemptPolicy[]) => async (): Promise<AttemptPolicies> => ({ policies });

describe('policiesToSave', () => {
  it('sends only the tiers that changed, nothing when none did', () => {
    const drafts = POLICIES.map(draftOfPolicy);
    expect(policiesToSave(POLICIES, drafts)).toEqual({ policies: null });
    drafts[1] = { ...drafts[1]!, moveToNextDay: false, maxAttempts: ' 4 ' };
    expect(policiesToSave(POLICIES, drafts)).toEqual({
      policies: [{ slaTier: 'same_day', retrySameDay: true, moveToNextDay: false, maxAttempts: 4 }],
    });
  });

  it('refuses attempts that are not a whole number from 1 to 10, in the page’s language', () => {
    for (const typed of ['0', '11', '2.5', '', 'two']) {
      const drafts = POLICIES.map(draftOfPolicy);
      drafts[0] = { ...drafts[0]!, maxAttempts: typed };
      const result = policiesToSave(POLICIES, drafts);
      if (!('error' in result)) throw new Error(`${typed} was taken`);
      expect(result.error(t)).toBe('Attempts must be a whole number from 1 to 10');
      expect(result.error(tp)).toBe('Tentativas devem ser um número inteiro de 1 a 10');
    }
  });
});

describe('AttemptPolicyBoard', () => {
  it('loads a hub’s policies as drafts and has nothing to save until one changes', async () => {
    const board = new AttemptPolicyBoard();
    await board.load(3, answer(POLICIES));
    expect(board.hubId).toBe(3);
    expect(board.drafts.map((d) => d.maxAttempts)).toEqual(['2', '3', '3']);
    expect(board.changed).toBe(false);
    board.drafts[2]!.retrySameDay = true;
    expect(board.changed).toBe(true);
  });

  it('saves the changed tiers and takes what the server answers', async () => {
    const board = new AttemptPolicyBoard();
    await board.load(3, answer(POLICIES));
    board.drafts[0]!.maxAttempts = '1';
    const sent: [number, AttemptPolicies][] = [];
    const stored = POLICIES.map((p) => (p.slaTier === 'express' ? { ...p, maxAttempts: 1 } : p));
    const ok = await board.save(async (hubId, body) => {
      sent.push([hubId, body]);
      return { policies: stored };
    });
    expect(ok).toBe(true);
    expect(sent).toEqual([[3, { policies: [{ ...POLICIES[0]!, maxAttempts: 1 }] }]]);
    expect(board.saved).toEqual(stored);
    expect(board.changed).toBe(false);
    expect(board.message?.(t)).toBe('Saved');
  });

  it('keeps the drafts and says why when the server refuses', async () => {
    const board = new AttemptPolicyBoard();
    await board.load(3, answer(POLICIES));
    board.drafts[0]!.retrySameDay = false;
    const ok = await board.save(async () => {
      throw new ApiError('forbidden', 'this belongs to another hub than yours', 403);
    });
    expect(ok).toBe(false);
    expect(board.failed).toBe(true);
    expect(board.drafts[0]!.retrySameDay).toBe(false);
    expect(board.message?.(t)).toBe('Not saved: this belongs to another hub than yours');
  });

  it('shows the hub chosen last when answers come back out of order', async () => {
    const board = new AttemptPolicyBoard();
    let release: (value: AttemptPolicies) => void = () => {};
    const slow = board.load(1, () => new Promise((resolve) => (release = resolve)));
    await board.load(2, answer(POLICIES));
    release({ policies: POLICIES.map((p) => ({ ...p, maxAttempts: 9 })) });
    await slow;
    expect(board.hubId).toBe(2);
    expect(board.drafts[0]!.maxAttempts).toBe('2');
  });
});
