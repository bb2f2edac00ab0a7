import type { Logger } from './logger.js';
import type { InFlightMatch, MatchOutcome, ProviderContext } from './provider.js';

/**
 * Milliseconds between status polls: Truora's own SDKs poll at about
 * 1, 2, 4, 8, 8, 8, 8, 8, 10, 12 s; the last step repeats.
 */
export const DEFAULT_POLL_SCHEDULE_MS: readonly number[] = [
  1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 10_000, 12_000,
];

/** How many webhook event ids a provider remembers to drop duplicates. */
const REMEMBERED_EVENTS = 10_000;

interface Tracked {
  readonly reverificationId: string;
  readonly deadline: number;
  step: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The matches a remote provider is working on, keyed by the provider's
 * reference: it polls each on a backoff schedule until a verdict, the
 * reverification's deadline or `close()`, and takes verdicts from webhooks
 * too. Whichever arrives first is reported once; polling then stops.
 */
export class MatchTracker {
  readonly #matches = new Map<string, Tracked>();
  readonly #seenEvents = new Set<string>();
  readonly #schedule: readonly number[];
  readonly #check: (providerReference: string) => Promise<MatchOutcome | null>;
  #context: ProviderContext | undefined;

  constructor(options: {
    /** Asks the provider for a verdict; `null` while it is still working. */
    readonly check: (providerReference: string) => Promise<MatchOutcome | null>;
    /** Milliseconds between polls; the last step repeats. */
    readonly schedule?: readonly number[];
  }) {
    this.#check = options.check;
    this.#schedule = options.schedule?.length ? options.schedule : DEFAULT_POLL_SCHEDULE_MS;
  }

  /** Binds the handler's context and resumes the matches in flight before a restart. */
  async start(context: ProviderContext): Promise<void> {
    this.#context = context;
    const inFlight = await context.inFlight();
    for (const match of inFlight) this.track(match);
    if (inFlight.length)
      context.logger.info({ resumed: inFlight.length }, 'provider matches resumed');
  }

  get #logger(): Logger | undefined {
    return this.#context?.logger;
  }

  /** Starts polling a match (again: tracking a reference twice keeps the first). */
  track(match: InFlightMatch): void {
    if (this.#matches.has(match.providerReference)) return;
    const tracked: Tracked = {
      reverificationId: match.reverificationId,
      deadline: Date.parse(match.expiresAt),
      step: 0,
      timer: undefined,
    };
    this.#matches.set(match.providerReference, tracked);
    this.#schedulePoll(match.providerReference, tracked);
  }

  /** Stops tracking a match without a verdict (e.g. its upload failed). */
  forget(providerReference: string): void {
    clearTimeout(this.#matches.get(providerReference)?.timer);
    this.#matches.delete(providerReference);
  }

  /** Whether a match is being tracked. */
  has(providerReference: string): boolean {
    return this.#matches.has(providerReference);
  }

  /**
   * Records a webhook event id; `false` when it was seen already (a
   * duplicate delivery), so the caller drops it.
   */
  firstDelivery(eventId: string): boolean {
    if (this.#seenEvents.has(eventId)) return false;
    this.#seenEvents.add(eventId);
    if (this.#seenEvents.size > REMEMBERED_EVENTS) {
      const oldest = this.#seenEvents.values().next().value as string;
      this.#seenEvents.delete(oldest);
    }
    return true;
  }

  /**
   * Reports a verdict for a match and stops polling it. A match this
   * process does not track may have been started by another instance on
   * the same store: it is looked up there. Returns `false` (and reports
   * nothing) when no match is processing under that reference: unknown,
   * or already settled.
   */
  async settle(providerReference: string, outcome: MatchOutcome): Promise<boolean> {
    const tracked = this.#matches.get(providerReference);
    if (!tracked) {
      const elsewhere = await this.#context?.findMatch(providerReference);
      if (!elsewhere) return false;
      await this.#context?.report(elsewhere.reverificationId, outcome);
      return true;
    }
    this.forget(providerReference);
    try {
      await this.#context?.report(tracked.reverificationId, outcome);
    } catch (error) {
      // Not recorded (e.g. the store failed): keep polling so the verdict is not lost.
      this.#matches.set(providerReference, tracked);
      this.#schedulePoll(providerReference, tracked);
      throw error;
    }
    return true;
  }

  #schedulePoll(providerReference: string, tracked: Tracked): void {
    const delay = this.#schedule[Math.min(tracked.step, this.#schedule.length - 1)] as number;
    tracked.step += 1;
    if (Date.now() + delay > tracked.deadline) {
      // The handler expires the reverification at its deadline; nothing more to ask.
      this.#matches.delete(providerReference);
      return;
    }
    tracked.timer = setTimeout(() => {
      void this.#poll(providerReference, tracked);
    }, delay);
  }

  async #poll(providerReference: string, tracked: Tracked): Promise<void> {
    if (this.#matches.get(providerReference) !== tracked) return;
    try {
      const outcome = await this.#check(providerReference);
      if (outcome) {
        await this.settle(providerReference, outcome);
        return;
      }
    } catch (error) {
      // A failed poll is not a verdict: the next one may succeed.
      this.#logger?.warn(
        {
          reverificationId: tracked.reverificationId,
          code: (error as { code?: string }).code ?? 'provider_error',
        },
        'provider status poll failed',
      );
    }
    if (this.#matches.get(providerReference) === tracked) {
      this.#schedulePoll(providerReference, tracked);
    }
  }

  /** Stops every poll. */
  close(): void {
    for (const tracked of this.#matches.values()) clearTimeout(tracked.timer);
    this.#matches.clear();
  }
}
