import { randomInt, timingSafeEqual } from 'node:crypto';
import type { MessageLocale, MethodResult } from '@reverify/contract';
import { addSeconds } from '../core/context.js';
import { hashSecret } from '../core/ids.js';
import type { Lifecycle } from '../core/lifecycle.js';
import { ReverifyError } from '../plugin/errors.js';
import { maskRecipient, type Notifier } from '../plugin/notifier.js';
import { newSecret } from '../plugin/random.js';
import type { FactorChallengeRecord } from '../store/queries/factors.js';
import type { FactorSettings } from './factor-settings.js';
import { type MethodSteps, requireMethodOpen } from './method-steps.js';

/** The two code methods. */
export type CodeMethod = 'sms_code' | 'email_code';

const CHANNEL = { sms_code: 'sms', email_code: 'email' } as const;

const codeHashOf = (challenge: FactorChallengeRecord | { hash: string }, code: string) =>
  hashSecret(`${challenge.hash}:${code}`);

/**
 * One-time codes by SMS or email, to the destination the integrator's
 * server enrolled (never one the browser names): six random digits, kept
 * as a hash, single use, `codes.lifetimeSeconds` long, burnt after
 * `codes.maxAttempts` wrong tries, at most `codes.perHour` per person and
 * per destination. A new code replaces the open one.
 */
export class OneTimeCodes {
  readonly #lifecycle: Lifecycle;
  readonly #settings: FactorSettings;
  readonly #steps: MethodSteps;

  constructor(lifecycle: Lifecycle, settings: FactorSettings, steps: MethodSteps) {
    this.#lifecycle = lifecycle;
    this.#settings = settings;
    this.#steps = steps;
  }

  #notifier(method: CodeMethod): Notifier {
    const { notifier } = this.#settings;
    if (!notifier?.channels.includes(CHANNEL[method])) {
      throw new ReverifyError(
        'factor_unavailable',
        `This handler has no notifier for ${CHANNEL[method]}; set handoff.notifier.`,
      );
    }
    return notifier;
  }

  /**
   * Sends a code for a reverification's `method` to the person's enrolled destination.
   *
   * @throws `factor_not_enrolled`, `factor_unavailable`, `rate_limited`,
   *   `method_not_offered`, `message_not_sent`.
   */
  async send(
    clientToken: string,
    method: CodeMethod,
    locale: MessageLocale,
  ): Promise<{ method: CodeMethod; sentTo: string; expiresAt: string }> {
    const notifier = this.#notifier(method);
    const record = await this.#lifecycle.transact((tx, published) =>
      this.#steps.reverificationOf(tx, clientToken, published),
    );
    return this.#steps.audited(record, method, async () => {
      const now = this.#lifecycle.now();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const { lifetimeSeconds, perHour } = this.#settings.codes;
      const expiresAt = addSeconds(now, lifetimeSeconds);
      const to = await this.#lifecycle.transact(async (tx, published) => {
        const current = await this.#lifecycle.current(tx, record.id, published);
        requireMethodOpen(current, method);
        const contacts = await tx.getContacts(current.referenceId);
        const destination = method === 'sms_code' ? contacts?.phoneNumber : contacts?.email;
        if (!destination) {
          throw new ReverifyError(
            'factor_not_enrolled',
            `This person has no ${method === 'sms_code' ? 'phone number' : 'email address'} for codes.`,
          );
        }
        const destinationHash = hashSecret(`destination:${destination}`);
        const since = addSeconds(now, -3600);
        const counts = await Promise.all([
          tx.countFactorChallengesSince(method, { referenceId: current.referenceId }, since),
          tx.countFactorChallengesSince(method, { destinationHash }, since),
        ]);
        if (Math.max(...counts) >= perHour) {
          throw new ReverifyError('rate_limited', 'Too many codes were sent; try again later.', {
            retryAfterSeconds: 3600,
          });
        }
        const open = await tx.findOpenCodeChallenge(current.id, method, now.toISOString());
        if (open) await tx.updateFactorChallenge({ ...open, usedAt: now.toISOString() });
        const hash = hashSecret(newSecret('code'));
        await tx.insertFactorChallenge({
          hash,
          purpose: method,
          referenceId: current.referenceId,
          reverificationId: current.id,
          destinationHash,
          codeHash: codeHashOf({ hash }, code),
          attempts: 0,
          createdAt: now.toISOString(),
          expiresAt,
          usedAt: null,
        });
        await this.#steps.audit(tx, current, method, 'code_sent', null);
        return destination;
      });
      try {
        await notifier.send({
          kind: 'code',
          channel: CHANNEL[method],
          to,
          code,
          locale,
          expiresAt,
          reverificationId: record.id,
        });
      } catch (error) {
        throw new ReverifyError('message_not_sent', 'The code could not be sent; try again.', {
          cause: error,
        });
      }
      return { method, sentTo: maskRecipient(to), expiresAt };
    });
  }

  /**
   * Checks a code for a reverification's `method`.
   *
   * @throws `code_invalid` (wrong, expired, used, none sent), `too_many_attempts`
   *   (this code is burnt), `method_not_offered`.
   */
  async verify(clientToken: string, method: CodeMethod, code: string): Promise<MethodResult> {
    const record = await this.#lifecycle.transact((tx, published) =>
      this.#steps.reverificationOf(tx, clientToken, published),
    );
    return this.#steps.audited(record, method, async () => {
      const { maxAttempts } = this.#settings.codes;
      const outcome = await this.#lifecycle.transact(async (tx, published) => {
        const current = await this.#lifecycle.current(tx, record.id, published);
        requireMethodOpen(current, method);
        const at = this.#lifecycle.now().toISOString();
        const challenge = await tx.findOpenCodeChallenge(current.id, method, at);
        if (!challenge?.codeHash) return 'invalid' as const;
        const given = Buffer.from(codeHashOf(challenge, code), 'hex');
        if (timingSafeEqual(given, Buffer.from(challenge.codeHash, 'hex'))) {
          await tx.updateFactorChallenge({ ...challenge, usedAt: at });
          return this.#steps.complete(tx, current, method, published);
        }
        const attempts = challenge.attempts + 1;
        const burnt = attempts >= maxAttempts;
        await tx.updateFactorChallenge({ ...challenge, attempts, usedAt: burnt ? at : null });
        return burnt ? ('burnt' as const) : ('invalid' as const);
      });
      if (outcome === 'burnt') {
        throw new ReverifyError(
          'too_many_attempts',
          'Too many wrong codes: this code no longer works. Ask for a new one.',
        );
      }
      if (outcome === 'invalid') {
        throw new ReverifyError('code_invalid', 'That code is wrong, expired or used already.');
      }
      return outcome;
    });
  }
}
