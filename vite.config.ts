import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// One Vitest run for every package's Node-side tests. Workspace packages
// resolve to their TypeScript sources through the `@reverify/source` export condition,
// so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@reverify/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@reverify/source', ...defaultServerConditions] } },
  test: {
    // A throwaway PostgreSQL for the store and multi-instance tests.
    globalSetup: ['scripts/vitest-postgres.mjs'],
    include: ['packages/*/src/**/*.test.ts', 'packages/*/scripts/**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'packages/sdk/src/components/**',
      'packages/sdk/src/controllers/**',
    ],
  },
});
