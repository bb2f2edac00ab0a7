/**
 * @packageDocumentation
 * `@reverify/contract/constants`: the contract's values without zod — the
 * statuses and decisions, the lifecycle's transition table and its pure
 * functions, the event types, and the closed lists of error and reason
 * codes — for code that must stay small (the browser SDK). The schemas
 * that validate them are in the package root.
 */
export * from './assurance.js';
export * from './errors.js';
export * from './events.js';
export * from './lifecycle.js';
export * from './methods.js';
export * from './presence.js';
export * from './reasons.js';
export * from './scopes.js';
