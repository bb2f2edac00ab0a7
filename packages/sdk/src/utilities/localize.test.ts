import { CLIENT_ERROR_CODES } from '@reverify/contract/constants';
import { describe, expect, it } from 'vitest';
import { GUIDANCE_CODES } from '../quality/checks.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { ptBR } from '../translations/pt-br.js';
import { BUILT_IN_LOCALES, localize } from './localize.js';

describe('localize', () => {
  it('picks exact tags, then the language, then English', () => {
    expect(localize('es').$code).toBe('es');
    expect(localize('es-MX').$code).toBe('es');
    expect(localize('pt-BR').$code).toBe('pt-BR');
    expect(localize('pt').$code).toBe('pt-BR');
    expect(localize('PT-br').$code).toBe('pt-BR');
    expect(localize('de-DE').$code).toBe('en');
    expect(localize(undefined).$code).toBe('en');
    expect(BUILT_IN_LOCALES).toEqual(['en', 'es', 'pt-BR']);
  });

  it('lets any string be overridden without losing the others', () => {
    const t = localize('es', {
      startCamera: 'Empezar',
      guidance: { no_face: 'Muéstranos tu cara' },
    });
    expect(t.startCamera).toBe('Empezar');
    expect(t.guidance.no_face).toBe('Muéstranos tu cara');
    expect(t.guidance.move_closer).toBe(es.guidance.move_closer);
    expect(t.retry).toBe(es.retry);
    expect(localize('es').guidance.no_face).toBe(es.guidance.no_face);
  });

  it('translates every guidance code and every browser error in every language', () => {
    for (const t of [en, es, ptBR]) {
      for (const code of GUIDANCE_CODES)
        expect(t.guidance[code], `${t.$code} ${code}`).toMatch(/\S/);
      for (const code of CLIENT_ERROR_CODES)
        expect(t.errors[code], `${t.$code} ${code}`).toMatch(/\S/);
      expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort());
      expect(t.countdown(2)).toContain('2');
    }
  });
});
