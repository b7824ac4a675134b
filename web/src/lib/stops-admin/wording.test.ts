import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import { failureWording } from './wording';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

describe('why a call failed', () => {
  it("keeps the server's refusal as it wrote it, in any language", () => {
    const refusal = failureWording(new ApiError('forbidden', 'not your hub', 403));
    expect(refusal(t)).toBe('not your hub');
    expect(refusal(tp)).toBe('not your hub');
  });

  it('says in the page’s language that no answer came', () => {
    const down = failureWording(new ApiError('unavailable', 'the server cannot be reached'));
    expect(down(t)).toBe('The server cannot be reached.');
    expect(down(tp)).toBe('Não foi possível falar com o servidor.');
  });
});
