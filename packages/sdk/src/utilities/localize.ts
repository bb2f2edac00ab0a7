import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { ptBR } from '../translations/pt-br.js';
import type { Translation, TranslationOverrides } from '../translations/translation.js';

/** The built-in languages, by lower-case BCP 47 tag. */
const BUILT_IN: Readonly<Record<string, Translation>> = { en, es, 'pt-br': ptBR };

/**
 * Picks the built-in translation for `locale` (exact tag, then its
 * language, e.g. `es-MX` → `es`, `pt` → `pt-BR`; English otherwise) and
 * applies `overrides` on top, one level deep.
 */
export function localize(
  locale: string | undefined,
  overrides: TranslationOverrides = {},
): Translation {
  const tag = (locale ?? 'en').toLowerCase();
  const language = tag.split('-')[0] ?? 'en';
  const base =
    BUILT_IN[tag] ??
    BUILT_IN[language] ??
    Object.values(BUILT_IN).find((t) => t.$code.toLowerCase().startsWith(`${language}-`)) ??
    en;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === 'object' && current && typeof current === 'object'
        ? { ...current, ...value }
        : value;
  }
  return merged as unknown as Translation;
}

/** The tags of the built-in translations. */
export const BUILT_IN_LOCALES = Object.values(BUILT_IN).map((t) => t.$code);
