import { describe, expect, it } from 'vitest';
import { messageLocale } from './handoff.js';

describe('messageLocale', () => {
  it("writes the texted link in the element's language when the handler has it, else English", () => {
    expect(messageLocale('pt-BR')).toBe('pt-BR');
    expect(messageLocale('es')).toBe('es');
    expect(messageLocale('fr')).toBe('en');
  });
});
