import type { Locator, Page } from 'playwright-core';
import { readPanel, type PanelRow } from './desk-panel';

/** What came of clicking a fix's Accept, as the console shows it. */
export type AcceptOutcome =
  | 'applied'
  | 'conflict'
  | 'failed'
  /** Nothing on screen said what happened within the wait. */
  | 'no answer'
  /** The row, or any fix under it, went away between looking and clicking. */
  | 'row gone'
  | 'fix gone';

/** One thing the dispatcher did, for the action log. */
export interface DeskAction {
  at: number;
  round: number;
  type: 'accept' | 'ack';
  key: string;
  headline: string;
  suggestionId?: number;
  outcome: string;
  /** The Accept or ✓ click → the answer on screen. */
  ms: number;
}

export interface DispatcherRules {
  /** Actions (accepts and acknowledgements together) per round, like a person's attention. */
  clicksPerRound: number;
  /** A problem without a fix is acknowledged once it has been in view this long. */
  ackAfterMs: number;
  /** How long to wait for the console to answer a click. */
  answerTimeoutMs: number;
}

const UI_TIMEOUT_MS = 5_000;
const POLL_MS = 200;

/**
 * A dispatcher who only uses the console: each round reads the problems panel top-down, opens
 * each problem that shows a fix and clicks its best fix's Accept (the fix sits in the row's
 * detail: one click opens the row, one accepts), then acknowledges problems without a fix that
 * have been in view long enough. A fix already tried is not tried again.
 */
export class ScriptedDispatcher {
  readonly actions: DeskAction[] = [];
  rounds = 0;
  roundsAtLimit = 0;
  /** Every click on the page, opening and closing rows included. */
  clicks = 0;
  /** Rows found open at the start of a round (closed then, as a person tidies up). */
  foundOpen = 0;
  readonly roundSeconds: number[] = [];
  private readonly firstSeen = new Map<string, number>();
  private readonly lastSeenRound = new Map<string, number>();
  /** Problem keys that left the panel and came back. */
  readonly returned = new Map<string, number>();
  private readonly tried = new Set<number>();

  constructor(
    private readonly page: Page,
    private readonly rules: DispatcherRules,
    private readonly now: () => number = Date.now,
  ) {}

  count(type: DeskAction['type'], outcome?: string): number {
    return this.actions.filter((a) => a.type === type && (!outcome || a.outcome === outcome))
      .length;
  }

  /** Accepts per problem key, for those accepted more than once. */
  acceptedAgain(): number {
    const perKey = new Map<string, number>();
    for (const a of this.actions) {
      if (a.type === 'accept' && a.outcome === 'applied')
        perKey.set(a.key, (perKey.get(a.key) ?? 0) + 1);
    }
    return [...perKey.values()].filter((n) => n > 1).length;
  }

  /** Longest time a problem now in the panel has been in view, in minutes. */
  oldestInViewMinutes(rows: readonly PanelRow[]): number {
    const at = this.now();
    return rows.reduce((m, r) => Math.max(m, (at - (this.firstSeen.get(r.key) ?? at)) / 60_000), 0);
  }

  async round(): Promise<void> {
    const round = ++this.rounds;
    const began = this.now();
    await this.tidy();
    const { rows } = await readPanel(this.page);
    this.see(rows, round);
    let budget = this.rules.clicksPerRound;
    for (const row of rows) {
      if (budget === 0) break;
      const best = row.fixIds[0];
      if (best === undefined || this.tried.has(best)) continue;
      budget--;
      await this.accept(row, round);
    }
    const at = this.now();
    for (const row of rows) {
      if (budget === 0) break;
      if (row.fixIds.length > 0 || !row.ackable) continue;
      if (at - (this.firstSeen.get(row.key) ?? at) < this.rules.ackAfterMs) continue;
      budget--;
      await this.acknowledge(row, round);
    }
    if (budget === 0) this.roundsAtLimit++;
    this.roundSeconds.push((this.now() - began) / 1000);
  }

  /** Closes every open row, so each round starts from the list as it first shows. */
  private async tidy(): Promise<void> {
    const open = this.page.locator('[data-testid="problem-toggle"][aria-expanded="true"]');
    for (let i = await open.count(); i > 0; i--) {
      try {
        await this.click(open.first());
        this.foundOpen++;
      } catch {
        return;
      }
    }
  }

  private see(rows: readonly PanelRow[], round: number): void {
    const at = this.now();
    for (const row of rows) {
      const last = this.lastSeenRound.get(row.key);
      if (last !== undefined && last < round - 1)
        this.returned.set(row.key, (this.returned.get(row.key) ?? 0) + 1);
      if (last === undefined || last < round - 1) this.firstSeen.set(row.key, at);
      this.lastSeenRound.set(row.key, round);
    }
  }

  private rowOf(key: string): Locator {
    return this.page.locator(`[data-testid="problem-item"][data-problem-key="${key}"]`);
  }

  private async click(target: Locator): Promise<void> {
    await target.click({ timeout: UI_TIMEOUT_MS });
    this.clicks++;
  }

  /**
   * Accepts the row's best fix: in one click from the closed row when the panel shows it there,
   * else by opening the row and accepting the fix its detail shows first (the best one now, which
   * may have changed since the round looked at the list).
   */
  private async accept(row: PanelRow, round: number): Promise<void> {
    let started = this.now();
    let suggestionId = row.fixIds[0]!;
    const record = (outcome: string) => {
      this.actions.push({
        at: started,
        round,
        type: 'accept',
        key: row.key,
        headline: row.headline,
        suggestionId,
        outcome,
        ms: this.now() - started,
      });
    };
    const holder = this.rowOf(row.key);
    const best = holder.getByTestId('best-fix');
    let item = best;
    if ((await best.count()) === 0) {
      const toggle = holder.getByTestId('problem-toggle');
      try {
        if ((await toggle.getAttribute('aria-expanded', { timeout: UI_TIMEOUT_MS })) !== 'true')
          await this.click(toggle);
      } catch {
        return record('row gone');
      }
      item = holder.getByTestId('suggestion-item').first();
    }
    try {
      await item.waitFor({ timeout: UI_TIMEOUT_MS });
      suggestionId = Number(await item.getAttribute('data-suggestion-id'));
      if (this.tried.has(suggestionId) && suggestionId !== row.fixIds[0])
        return record('already tried');
      this.tried.add(suggestionId);
      const accept = item.getByTestId('suggestion-accept');
      if (await accept.isDisabled()) return record('disabled');
      started = this.now();
      await this.click(accept);
    } catch {
      return record('fix gone');
    }
    record(await this.answer(suggestionId));
    await this.collapse(row.key);
  }

  /** The console's answer to an accept: its notice, or the result line under the fix. */
  private async answer(suggestionId: number): Promise<AcceptOutcome> {
    const deadline = this.now() + this.rules.answerTimeoutMs;
    const panel = this.page.getByTestId('problem-panel');
    while (this.now() < deadline) {
      const seen = await panel.evaluate((root, id) => {
        const notice = root.querySelector(
          `[data-testid="suggestion-notice"][data-suggestion-id="${id}"]`,
        );
        if (notice) return notice.getAttribute('data-result');
        const line = root.querySelector(
          `[data-suggestion-id="${id}"]:is([data-testid="suggestion-item"], [data-testid="best-fix"]) [data-testid="suggestion-result"]`,
        );
        const result = line?.getAttribute('data-result') ?? null;
        return result === 'pending' ? null : result;
      }, suggestionId);
      if (seen === 'applied' || seen === 'conflict' || seen === 'failed') return seen;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return 'no answer';
  }

  /** Closes a row this dispatcher opened, if it is still there, to keep the list short. */
  private async collapse(key: string): Promise<void> {
    const toggle = this.rowOf(key).getByTestId('problem-toggle');
    try {
      if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) === 'true')
        await this.click(toggle);
    } catch {
      // The row went away meanwhile.
    }
  }

  private async acknowledge(row: PanelRow, round: number): Promise<void> {
    let started = this.now();
    const holder = this.rowOf(row.key);
    let outcome = 'no answer';
    try {
      const ack = holder.getByTestId('problem-ack');
      await ack.waitFor({ timeout: UI_TIMEOUT_MS });
      started = this.now();
      await this.click(ack);
      const deadline = started + this.rules.answerTimeoutMs;
      while (this.now() < deadline) {
        if ((await holder.count()) === 0) {
          outcome = 'gone';
          break;
        }
        if ((await holder.getByTestId('problem-acknowledged').count()) > 0) {
          outcome = 'acknowledged';
          break;
        }
        if ((await holder.locator('[role="alert"]').count()) > 0) {
          outcome = 'refused';
          break;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } catch {
      outcome = 'gone';
    }
    this.actions.push({
      at: started,
      round,
      type: 'ack',
      key: row.key,
      headline: row.headline,
      outcome,
      ms: this.now() - started,
    });
  }
}
