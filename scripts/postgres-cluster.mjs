// A throwaway PostgreSQL cluster for the tests and benchmarks: Debian's
// `postgresql` binaries (scripts/install-system-deps.sh installs them when
// missing), `initdb` into a temporary folder as an unprivileged user, a free
// port on 127.0.0.1, no durability (fsync off). Never a server someone left running.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL binaries, newest version first; `null` when none is installed. */
export function postgresBinaries() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * Starts a cluster and answers `{ url, stop }`: `url` reaches its `postgres`
 * database as the superuser `reverify` (trust auth, loopback only). `stop()`
 * shuts it down at once and deletes its folder; it also runs if the process exits first.
 */
export async function startPostgres() {
  const bin = postgresBinaries();
  if (!bin) {
    throw new Error('PostgreSQL is not installed: run bash scripts/install-system-deps.sh');
  }
  const folder = mkdtempSync(join(tmpdir(), 'reverify-pg-'));
  const data = join(folder, 'data');
  // initdb refuses to run as root: then the cluster belongs to Debian's `postgres` user.
  const asRoot = userInfo().uid === 0;
  const run = (command, args) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, command),
      asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  if (asRoot) {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(folder, id('-u'), id('-g'));
  }
  chmodSync(folder, 0o700);
  const port = await freePort();
  run('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'reverify',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${folder}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', [
    '-D',
    data,
    '-o',
    options,
    '-l',
    join(folder, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
    spawnSync(
      asRoot ? 'runuser' : join(bin, 'pg_ctl'),
      asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args] : args,
      {
        stdio: 'ignore',
      },
    );
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { url: `postgres://reverify@127.0.0.1:${port}/postgres`, port, stop };
}
