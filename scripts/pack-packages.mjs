// Packs every public package with pnpm (which rewrites workspace: ranges to
// real versions) into .cache/packs/, then checks each tarball with publint
// (package.json against what the tarball holds) and @arethetypeswrong/cli
// (the types resolve for ESM consumers, Node and bundlers). Exits non-zero on
// any problem. Run after `pnpm build`; `scripts/packed-install.mjs` installs
// the tarballs it leaves.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PACKS = join(root, '.cache/packs');

/** The public workspace packages: their folder and name. */
export function publicPackages() {
  return readdirSync(join(root, 'packages'))
    .map((folder) => ({
      folder: join(root, 'packages', folder),
      manifest: JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8')),
    }))
    .filter(({ manifest }) => !manifest.private);
}

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function main() {
  rmSync(PACKS, { recursive: true, force: true });
  mkdirSync(PACKS, { recursive: true });
  const failures = [];
  for (const { folder, manifest } of publicPackages()) {
    run('bash', [join(root, 'scripts/pnpm.sh'), 'pack', '--pack-destination', PACKS], folder);
    const tarball = join(
      PACKS,
      `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`,
    );
    const packed = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], root));
    const ranges = JSON.stringify([packed.dependencies, packed.peerDependencies]);
    if (ranges.includes('workspace:')) failures.push(`${manifest.name}: workspace: range left`);
    const checks = [['publint', [tarball, '--strict']]];
    // ESM-only packages: CommonJS `require` and node10 resolution are out of scope.
    // A bin-only package (the CLI) has no imports to type.
    if (manifest.exports)
      checks.push(['attw', [tarball, '--profile', 'esm-only', '--format', 'ascii']]);
    for (const [tool, args] of checks) {
      try {
        run(join(root, 'node_modules/.bin', tool), args, root);
        process.stdout.write(`ok   ${tool} ${manifest.name}\n`);
      } catch (error) {
        failures.push(`${manifest.name}: ${tool}\n${error.stdout}${error.stderr}`);
        process.stdout.write(`FAIL ${tool} ${manifest.name}\n`);
      }
    }
  }
  if (failures.length > 0) {
    process.stderr.write(`${failures.join('\n')}\n`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
