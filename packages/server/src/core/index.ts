import { Factors } from '../factors/factors.js';
import { Captures } from './captures.js';
import type { CoreConfig } from './context.js';
import { Enrollments } from './enrollments.js';
import { HandoffTokens } from './handoff-tokens.js';
import { Lifecycle } from './lifecycle.js';
import { Matching } from './matching.js';
import { PresenceChecks } from './presence/checks.js';
import { Decider } from './presence/decider.js';
import { PresenceSessions } from './presence/sessions.js';
import { Reviews } from './reviews.js';
import { Sessions } from './sessions.js';
import { Streams } from './streams.js';
import { Sweeper } from './sweeper.js';
import { Tokens } from './tokens.js';

/**
 * The handler's logic, independent of HTTP, one service per feature. Every
 * state change goes through the shared {@link Lifecycle}: the contract's
 * `transition`, its event and its webhook rows in one store transaction.
 */
export interface Core {
  readonly lifecycle: Lifecycle;
  readonly tokens: Tokens;
  readonly enrollments: Enrollments;
  readonly sessions: Sessions;
  readonly captures: Captures;
  readonly matching: Matching;
  readonly presence: PresenceChecks;
  readonly reviews: Reviews;
  readonly handoffs: HandoffTokens;
  readonly streams: Streams;
  readonly sweeper: Sweeper;
  readonly factors: Factors;
}

/** Wires the core's services together; call `core.matching.start()` before serving. */
export function createCore(config: CoreConfig): Core {
  const lifecycle = new Lifecycle(config);
  const presenceSessions = new PresenceSessions(config, lifecycle);
  const factors = new Factors(lifecycle, config.factors, config.smsCountries);
  const tokens = new Tokens(config, lifecycle, presenceSessions, factors.steps);
  const enrollments = new Enrollments(config, lifecycle);
  const decider = new Decider(config, lifecycle);
  const presence = new PresenceChecks(config, lifecycle, decider);
  const matching = new Matching(config, lifecycle, decider, presence);
  return {
    lifecycle,
    tokens,
    enrollments,
    sessions: new Sessions(config, { lifecycle, tokens, enrollments, matching }),
    captures: new Captures(config, lifecycle, { matching, presence }),
    matching,
    presence,
    reviews: new Reviews(config, lifecycle),
    handoffs: new HandoffTokens(lifecycle, tokens),
    streams: new Streams(lifecycle),
    sweeper: new Sweeper(config, lifecycle),
    factors,
  };
}

export type {
  AttemptsLimit,
  CoreConfig,
  EventOutbox,
  PresenceConfig,
  RetentionOptions,
} from './context.js';
