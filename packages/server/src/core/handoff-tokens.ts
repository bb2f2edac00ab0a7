import type { HandoffSession } from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';
import { hashSecret } from './ids.js';
import { type Lifecycle, requireOpenForCapture } from './lifecycle.js';
import type { Tokens } from './tokens.js';

/** The one-time tokens of handoff links, and the phone's side of opening one. */
export class HandoffTokens {
  readonly #lifecycle: Lifecycle;
  readonly #tokens: Tokens;

  constructor(lifecycle: Lifecycle, tokens: Tokens) {
    this.#lifecycle = lifecycle;
    this.#tokens = tokens;
  }

  /**
   * Mints the one-time token of a handoff link for an active reverification;
   * earlier links of it stop working. The token expires with the
   * reverification.
   *
   * @throws `reverification_expired` or `illegal_transition` once it settled.
   */
  async create(
    reverificationId: string,
  ): Promise<{ token: string; expiresAt: string; referenceId: string }> {
    const lifecycle = this.#lifecycle;
    return lifecycle.transact(async (tx, published) => {
      const current = await lifecycle.current(tx, reverificationId, published);
      requireOpenForCapture(current);
      await tx.spendTokens(current.id, 'handoff', lifecycle.now().toISOString());
      const token = await this.#tokens.mint(tx, current.id, 'handoff', current.expiresAt);
      return { token, expiresAt: current.expiresAt, referenceId: current.referenceId };
    });
  }

  /**
   * Spends a handoff link's token and returns the phone's own browser
   * credentials.
   *
   * @throws `handoff_link_used` when the link was opened (or replaced) before;
   *   `reverification_expired` once the reverification timed out.
   */
  async open(token: string): Promise<HandoffSession> {
    const hash = hashSecret(token);
    const lifecycle = this.#lifecycle;
    return lifecycle.transact(async (tx, published) => {
      const found = await tx.getToken(hash);
      if (!found) throw new ReverifyError('unauthorized', 'Unknown handoff link.');
      if (found.scope !== 'handoff')
        throw new ReverifyError('forbidden', 'This is not a handoff token.');
      const at = lifecycle.now().toISOString();
      if (found.usedAt || !(await tx.markTokenUsed(hash, at))) {
        throw new ReverifyError(
          'handoff_link_used',
          'This link was already opened; ask for a new one.',
        );
      }
      const current = await lifecycle.current(tx, found.reverificationId, published);
      requireOpenForCapture(current);
      const browser = await this.#tokens.mintBrowserTokens(tx, current);
      return {
        reverificationId: current.id,
        referenceId: current.referenceId,
        status: current.status,
        ...browser,
        expiresAt: current.expiresAt,
        presence: await this.#tokens.presence.open(tx, current),
        methods: await this.#tokens.methods.session(tx, current),
      };
    });
  }
}
