import { describe, expect, it } from 'vitest';
import { INSTRUCTION_KINDS, TrackingInstructionsSchema } from '@dispatch/shared';
import {
  INSTRUCTION_CHOICES,
  instructionsInput,
  INSTRUCTIONS_MAX_CHARS,
} from './instructions-input';

describe('the instructions form’s input', () => {
  it('offers exactly the kinds the server takes', () => {
    expect([...INSTRUCTION_CHOICES].sort()).toEqual([...INSTRUCTION_KINDS].sort());
    expect(TrackingInstructionsSchema.properties.text).toMatchObject({
      maxLength: INSTRUCTIONS_MAX_CHARS,
    });
  });

  it('sends the trimmed text with its kind, cut to the most the server takes', () => {
    expect(instructionsInput('door_code', '  4512#  ')).toEqual({
      kind: 'door_code',
      text: '4512#',
    });
    expect(instructionsInput('other', 'x'.repeat(600))?.text).toHaveLength(INSTRUCTIONS_MAX_CHARS);
  });

  it('sends nothing when only spaces were written', () => {
    expect(instructionsInput('other', '   \n ')).toBeNull();
  });
});
