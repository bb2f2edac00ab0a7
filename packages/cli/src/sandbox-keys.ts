import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newWebhookSecret } from '@reverify/server';
import { newSecret } from '@reverify/server/provider';

/** The sandbox credentials the CLI runs with. */
export interface SandboxKeys {
  readonly secretKey: string;
  readonly publishableKey: string;
  readonly webhookSecret: string;
}

/**
 * `$REVERIFY_SECRET_KEY`, `$REVERIFY_PUBLISHABLE_KEY` and
 * `$REVERIFY_WEBHOOK_SECRET`, else keys generated once and kept in
 * `<dataDir>/sandbox-keys.json` (mode 0600).
 */
export function sandboxKeys(dataDir: string): SandboxKeys {
  const file = join(dataDir, 'sandbox-keys.json');
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxKeys>)
    : {};
  const keys: SandboxKeys = {
    secretKey: process.env.REVERIFY_SECRET_KEY ?? stored.secretKey ?? newSecret('sk_test'),
    publishableKey:
      process.env.REVERIFY_PUBLISHABLE_KEY ?? stored.publishableKey ?? newSecret('pk_test'),
    webhookSecret:
      process.env.REVERIFY_WEBHOOK_SECRET ?? stored.webhookSecret ?? newWebhookSecret(),
  };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
