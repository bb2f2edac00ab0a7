import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { API_KEY_SCOPES, type ApiKey } from '@reverify/contract';
import { ApiKeys, ReverifyError } from '@reverify/server';
import { DATABASE_URL_USAGE, openStore } from './store-choice.js';

/** Usage of `reverify-server keys`. */
export const KEYS_USAGE = `reverify-server keys — scoped API keys, stored hashed in the handler's store

  keys create --name <name> --scope <scope> [--scope <scope> …]
                          make a key; it is printed once (rk_…), only its hash is kept
  keys list               every key: id, name, scopes, created, expires, revoked
  keys rotate <id> [--grace-seconds <n>]
                          a new key with the same name and scopes; the old one works
                          for n more seconds (default 86400), then stops
  keys revoke <id>        stop a key at once
  --data-dir <dir>        where reverify.db lives (default .reverify)
  ${DATABASE_URL_USAGE}

Scopes:
${Object.entries(API_KEY_SCOPES)
  .map(([scope, what]) => `  ${scope.padEnd(16)}${what}`)
  .join('\n')}`;

const row = (key: ApiKey) =>
  [
    key.id,
    key.name,
    key.scopes.join(','),
    key.createdAt,
    key.expiresAt ? `expires ${key.expiresAt}` : '',
    key.revokedAt ? `revoked ${key.revokedAt}` : '',
  ]
    .filter(Boolean)
    .join('  ');

/**
 * Runs `reverify-server keys <command>` against the SQLite file of a data
 * directory (the handler may be running on it). Writes what it did to
 * `out`; throws a `ReverifyError` for a bad command or argument.
 */
export async function runKeysCommand(
  args: readonly string[],
  out: (text: string) => void,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      'grace-seconds': { type: 'string' },
      'data-dir': { type: 'string', default: '.reverify' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    out(`${KEYS_USAGE}\n`);
    return;
  }
  const { store } = await openStore(resolve(values['data-dir']), values['database-url']);
  try {
    const keys = new ApiKeys(store);
    const needId = () => {
      if (!id)
        throw new ReverifyError('invalid_request', `keys ${command} needs a key id (key_…).`);
      return id;
    };
    switch (command) {
      case 'create': {
        const issued = await keys.create(values.name ?? '', values.scope ?? []);
        out(`${issued.key}\n${row(issued.apiKey)}\nKeep the key now: it is not shown again.\n`);
        return;
      }
      case 'list':
        out((await keys.list()).map((key) => `${row(key)}\n`).join(''));
        return;
      case 'rotate': {
        const grace = Number(values['grace-seconds'] ?? 86_400);
        if (!Number.isInteger(grace) || grace < 0) {
          throw new ReverifyError('invalid_request', '--grace-seconds must be a whole number ≥ 0.');
        }
        const issued = await keys.rotate(needId(), grace);
        out(`${issued.key}\n${row(issued.apiKey)}\nThe old key works for ${grace} s more.\n`);
        return;
      }
      case 'revoke':
        out(`${row(await keys.revoke(needId()))}\n`);
        return;
      default:
        throw new ReverifyError(
          'invalid_request',
          `Unknown keys command "${command}".\n\n${KEYS_USAGE}`,
        );
    }
  } finally {
    await store.close();
  }
}
