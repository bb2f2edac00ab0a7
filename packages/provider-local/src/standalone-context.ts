import type { ProviderContext } from '@reverify/server/provider';

/**
 * A context for running the local matcher outside a handler (the
 * calibration bin, the benchmarks): no store behind it, so no templates are
 * kept, no match is in flight and verdicts go nowhere.
 */
export const STANDALONE_CONTEXT: ProviderContext = {
  report: async () => {},
  logger: { info() {}, warn() {}, error() {} },
  templates: { get: async () => null, put: async () => {}, delete: async () => {} },
  inFlight: async () => [],
  findMatch: async () => null,
};
