/**
 * What an API key may do. A key made with the CLI holds some of these; the
 * secret keys in the handler's options hold `admin`. Every route names the
 * scopes that open it and answers `403 insufficient_scope` to a key
 * without one of them.
 */
export const API_KEY_SCOPES = {
  /** Everything. */
  admin: 'Everything.',
  /** Enroll people, read enrollments, delete biometric data. */
  enrollments: 'Enroll people, read enrollments and delete biometric data.',
  /** Create, read and restart reverifications, make handoff links. */
  reverifications: 'Create, read and restart reverifications, and make handoff links.',
  /** Read history: the list, one reverification, its audit trail, the workflows. */
  'history:read': 'Read the history, one reverification, its audit trail and the workflows.',
  /** Work the manual-review queue: its images and the decisions. */
  reviews: 'Work the manual-review queue: see its images and decide.',
  /** Run batches and read their reports (SheerID's BULK_VERIFIER role). */
  batches: 'Run batch reverifications and read their reports.',
  /** See webhook endpoints and deliveries, send tests, replay dead letters. */
  webhooks: 'See webhook endpoints, send tests and replay dead letters.',
} as const;

/** An API key scope; see {@link API_KEY_SCOPES}. */
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

/** Whether a key holding `held` may use a route that `anyOf` opens. */
export function scopeAllows(held: readonly ApiKeyScope[], anyOf: readonly ApiKeyScope[]): boolean {
  return held.includes('admin') || anyOf.some((scope) => held.includes(scope));
}
