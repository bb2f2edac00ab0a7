/**
 * @packageDocumentation
 * For provider authors: the conformance suite every `FaceMatchProvider`
 * passes (sandbox, local, Truora, VECU-style), as Vitest tests, and an
 * in-memory template store. Import from `@reverify/server/testing` in a
 * Vitest test file.
 */
export {
  describeProviderConformance,
  memoryTemplates,
  type ProviderFixture,
  providerTestContext,
} from './providers/conformance.js';
