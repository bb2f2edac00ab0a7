// The custom-elements manifest (custom-elements.json, shipped with the
// package): generated from the components' JSDoc at build time.
export default {
  globs: ['src/components/**/*.component.ts', 'src/internal/*.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'reverify-internal-state',
      // Lit's `state: true` properties (named `_…`) are internal, not attributes or API.
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.attributes)
              declaration.attributes = declaration.attributes.filter(
                (a) => !a.name.startsWith('_'),
              );
            if (declaration.members)
              declaration.members = declaration.members.filter((m) => !m.name.startsWith('_'));
          }
        }
      },
    },
  ],
};
