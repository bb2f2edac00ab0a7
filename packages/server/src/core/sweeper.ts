import type { CoreConfig } from './context.js';
import type { Lifecycle } from './lifecycle.js';

/** Expiry and retention: what time does to reverifications and their captures. */
export class Sweeper {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;

  constructor(config: CoreConfig, lifecycle: Lifecycle) {
    this.#config = config;
    this.#lifecycle = lifecycle;
  }

  /** Expires every reverification past its timeout and purges captures past retention. */
  async sweep(limit = 500): Promise<{ expired: number; purged: number }> {
    const now = this.#lifecycle.now().toISOString();
    // Instances sharing a database take turns: a sweep running elsewhere is not repeated here.
    const expired = await this.#lifecycle.transact(async (tx, published) => {
      if (!(await tx.tryLock('reverify.sweep.expiry'))) return 0;
      const due = await tx.listDueForExpiry(now, limit);
      for (const record of due) await this.#lifecycle.expireIfDue(tx, record, published);
      return due.length;
    });
    const purged = await this.#config.store.transaction(async (tx) =>
      (await tx.tryLock('reverify.sweep.retention')) ? tx.purgeCaptures(now) : 0,
    );
    if (expired || purged) this.#config.logger.info({ expired, purged }, 'sweep');
    return { expired, purged };
  }
}
