import type { InstructionKind, TrackingInstructions } from '@dispatch/shared';

/**
 * The kinds, in the order the form offers them. Written out rather than imported: a value from
 * the shared package would bring its schemas (and H3) into the page; a test keeps the two equal.
 */
export const INSTRUCTION_CHOICES = [
  'safe_place',
  'neighbour',
  'door_code',
  'other',
] as const satisfies readonly InstructionKind[];

/** The most a customer may write (TrackingInstructionsSchema's limit). */
export const INSTRUCTIONS_MAX_CHARS = 500;

/** What the form sends: the kind and the trimmed text; null when there is nothing to send. */
export function instructionsInput(
  kind: InstructionKind,
  text: string,
): TrackingInstructions | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return { kind, text: trimmed.slice(0, INSTRUCTIONS_MAX_CHARS) };
}
