import type { FailureReason, StopVisitReport, VisitProof } from '@dispatch/shared';

/** What the courier filled in to record a delivery. */
export interface DeliveryDraft {
  recipientName: string;
  note: string;
  /** The code the customer read out. */
  code: string;
  photoCount: number;
}

/** What the courier filled in to record a failed attempt. */
export interface FailureDraft {
  reason: FailureReason | null;
  note: string;
  photoCount: number;
}

/** Something to fix before the form can be sent (a message key of the `driver` area). */
export type FormProblem =
  | 'driver.form.codeRequired'
  | 'driver.form.reasonRequired'
  | 'driver.form.noteRequired'
  | 'driver.form.tooManyPhotos'
  | 'driver.form.textTooLong';

/** The server's limits on a visit report. */
export const FORM_LIMITS = { recipientName: 120, note: 500, code: 12, photos: 9 } as const;

export function deliveryProblems(draft: DeliveryDraft, requiresCode: boolean): FormProblem[] {
  const problems: FormProblem[] = [];
  if (requiresCode && draft.code.trim() === '') problems.push('driver.form.codeRequired');
  if (draft.photoCount > FORM_LIMITS.photos) problems.push('driver.form.tooManyPhotos');
  if (
    draft.recipientName.trim().length > FORM_LIMITS.recipientName ||
    draft.note.trim().length > FORM_LIMITS.note ||
    draft.code.trim().length > FORM_LIMITS.code
  )
    problems.push('driver.form.textTooLong');
  return problems;
}

export function failureProblems(draft: FailureDraft): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!draft.reason) problems.push('driver.form.reasonRequired');
  if (draft.reason === 'other' && draft.note.trim() === '')
    problems.push('driver.form.noteRequired');
  if (draft.photoCount > FORM_LIMITS.photos) problems.push('driver.form.tooManyPhotos');
  if (draft.note.trim().length > FORM_LIMITS.note) problems.push('driver.form.textTooLong');
  return problems;
}

/** A delivery's report; uploads are named in the outbox entry and their ids added when sent. */
export function deliveryReport(
  stopId: number,
  draft: DeliveryDraft,
  actionId: string,
  t: number,
): StopVisitReport {
  const proof: VisitProof = {};
  const recipientName = draft.recipientName.trim();
  const code = draft.code.trim();
  if (recipientName) proof.recipientName = recipientName;
  if (code) proof.code = code;
  const note = draft.note.trim();
  return {
    stopId,
    t: Math.round(t),
    actionId,
    ...(note ? { note } : {}),
    ...(Object.keys(proof).length > 0 ? { proof } : {}),
  };
}

export function failureReport(
  stopId: number,
  draft: FailureDraft,
  actionId: string,
  t: number,
): StopVisitReport {
  const note = draft.note.trim();
  return {
    stopId,
    t: Math.round(t),
    actionId,
    reasonCode: draft.reason ?? 'other',
    ...(note ? { note } : {}),
  };
}
