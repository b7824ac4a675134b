import type { Finding, Signal, SignalSubject } from './types';

/** An open condition and who evaluates it. */
export interface OpenCondition {
  finding: Finding;
  subject: SignalSubject;
  /** The courier whose evaluation judges it; null for hub conditions. */
  ownerId: number | null;
}

/** The key of one condition: one alert per (kind, subject). */
export function conditionKey(kind: Finding['kind'], subject: SignalSubject): string {
  if (subject.stopId !== undefined) return `${kind}:s${subject.stopId}`;
  if (subject.hubId !== undefined) return `${kind}:h${subject.hubId}`;
  return `${kind}:c${subject.courierId ?? ''}`;
}

/**
 * The conditions currently open, and the signals that keep a caller's alerts in step with them:
 * `open` when one starts, `update` when its severity or details change, `resolve` when it ends.
 */
export class ConditionBook {
  private readonly open = new Map<string, OpenCondition>();
  /** Open late-risk findings by stop id: looked up for every stop evaluated, so no key strings. */
  private readonly lateRisk = new Map<number, Finding>();

  get size(): number {
    return this.open.size;
  }

  get(key: string): OpenCondition | undefined {
    return this.open.get(key);
  }

  /** The late-risk finding open for a stop, if any. */
  lateRiskOf(stopId: number): Finding | null {
    return this.lateRisk.get(stopId) ?? null;
  }

  /** Records that a condition holds; emits `open` or `update` when that is news. */
  hold(
    key: string,
    finding: Finding,
    subject: SignalSubject,
    ownerId: number | null,
    out: Signal[],
  ): void {
    const existing = this.open.get(key);
    if (!existing) {
      this.set(key, { finding, subject, ownerId });
      out.push({ ...finding, subject, active: true, change: 'open' });
      return;
    }
    existing.ownerId = ownerId;
    if (sameFinding(existing.finding, finding)) return;
    this.set(key, existing, finding);
    out.push({ ...finding, subject, active: true, change: 'update' });
  }

  /** Adopts a condition already open elsewhere (an alert restored from storage) without a signal. */
  adopt(key: string, condition: OpenCondition): void {
    this.set(key, condition);
  }

  /**
   * Forgets a condition without a signal: another node judges it now and keeps its alert open.
   */
  drop(key: string): void {
    const existing = this.open.get(key);
    if (!existing) return;
    this.open.delete(key);
    if (existing.finding.kind === 'late_risk' && existing.subject.stopId !== undefined) {
      this.lateRisk.delete(existing.subject.stopId);
    }
  }

  /** Ends a condition (with its closing finding when given); emits `resolve`. */
  release(key: string, out: Signal[], closing?: Finding): void {
    const existing = this.open.get(key);
    if (!existing) return;
    this.open.delete(key);
    if (existing.finding.kind === 'late_risk' && existing.subject.stopId !== undefined) {
      this.lateRisk.delete(existing.subject.stopId);
    }
    const finding = closing ?? existing.finding;
    out.push({ ...finding, subject: existing.subject, active: false, change: 'resolve' });
  }

  private set(key: string, condition: OpenCondition, finding = condition.finding): void {
    condition.finding = finding;
    this.open.set(key, condition);
    if (finding.kind === 'late_risk' && condition.subject.stopId !== undefined) {
      this.lateRisk.set(condition.subject.stopId, finding);
    }
  }
}

/** Same severity and the same details (compared one level into nested objects). */
export function sameFinding(a: Finding, b: Finding): boolean {
  if (a.kind !== b.kind || a.severity !== b.severity) return false;
  const x: Record<string, unknown> = { ...a.details };
  const y: Record<string, unknown> = { ...b.details };
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => sameValue(x[k], y[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}
