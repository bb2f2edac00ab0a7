import type { Plugin } from 'vite';

/**
 * The CSS of one static stretch of a Lit `css` template, minified: comments
 * dropped, whitespace collapsed, and the spaces around `{ } ; ,` and after
 * a declaration's `:` removed. Spaces that mean something in a selector
 * (a descendant combinator, before a pseudo-class) stay.
 */
export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

/**
 * A build plugin that minifies the static CSS of Lit `css` tagged templates
 * in the SDK's sources (esbuild's minifier leaves template contents as they
 * are). Interpolations (`${…}`) are left untouched.
 */
export function minifyCssLiterals(): Plugin {
  return {
    name: 'reverify-minify-css-literals',
    transform(code, id) {
      if (!id.endsWith('.styles.ts') || !code.includes('css`')) return null;
      const minified = code.replace(/css`([^`]*)`/g, (_, body: string) => {
        const parts = body.split(/(\$\{[^}]*\})/);
        return `css\`${parts.map((part) => (part.startsWith('${') ? part : minifyCss(part))).join('')}\``;
      });
      return { code: minified, map: null };
    },
  };
}
