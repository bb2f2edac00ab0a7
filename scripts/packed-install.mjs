// The install test: what a new integrator gets from the registry, without
// this repository. Installs the packed tarballs (scripts/pack-packages.mjs)
// with plain npm into a temporary folder outside the repository, starts
// `reverify-server --provider local` from it and reaches /v1/health and the
// served SDK and assets, then builds a small Vite app that imports the SDK
// and checks what it bundled. Then it follows the README's "Use it" as a new
// integrator would, running its blocks as written: the `sh` blocks (start
// `reverify-server`, enroll with curl, create a reverification with curl),
// the npm snippet as the Vite app's entry, and the server snippet (Express,
// production mode, the local matcher) with tsx. Exits non-zero on any failure.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKS, publicPackages } from './pack-packages.mjs';
import { readmeBlock, readmeSteps } from './readme-blocks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const versions = (path) => {
  const json = JSON.parse(readFileSync(join(root, path), 'utf8'));
  return { ...json.dependencies, ...json.devDependencies };
};
const pinned = {
  vite: versions('package.json').vite,
  tsx: versions('package.json').tsx,
  express: versions('packages/server/package.json').express,
};
/** The servers the README's blocks start (detached process groups, stopped at the end). */
let readmeServer;
let expressServer;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(check, what, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function fail(message) {
  process.stderr.write(`packed install: ${message}\n`);
  process.exitCode = 1;
}

async function main() {
  const tarballs = readdirSync(PACKS).filter((file) => file.endsWith('.tgz'));
  if (tarballs.length !== publicPackages().length)
    throw new Error('run scripts/pack-packages.mjs first');
  const app = mkdtempSync(join(tmpdir(), 'reverify-packed-'));
  const started = Date.now();
  let server;
  try {
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'integrator', private: true, type: 'module' }),
    );
    const wanted = ['cli', 'sdk']
      .map((name) => tarballs.find((file) => file.startsWith(`reverify-${name}-`)))
      .concat(tarballs.filter((file) => !/^reverify-(cli|sdk)-\d/.test(file)));
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        ...wanted.map((file) => join(PACKS, file)),
        ...Object.entries(pinned).map(([name, version]) => `${name}@${version}`),
      ],
      { cwd: app, stdio: 'inherit' },
    );
    process.stdout.write(`installed in ${Math.round((Date.now() - started) / 1000)} s\n`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(
      join(app, 'node_modules/.bin/reverify-server'),
      ['--provider', 'local', '--port', String(port), '--data-dir', join(app, 'data'), '--quiet'],
      { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
    });
    await until(async () => (await fetch(`${base}/v1/health`)).ok, 'the CLI to answer /v1/health');
    const health = await (await fetch(`${base}/v1/health`)).json();
    if (health.status !== 'ok') fail(`health answered ${JSON.stringify(health)}`);
    if (!output.includes('local provider'))
      fail(`the CLI did not say it runs the local provider:\n${output}`);
    const manifest = await (await fetch(`${base}/sdk/assets/manifest.json`)).json();
    for (const path of [
      '/sdk/reverify.iife.js',
      `/sdk/assets/${manifest['vision_wasm_internal.wasm']}`,
    ]) {
      const response = await fetch(`${base}${path}`);
      if (!response.ok) fail(`${path} answered ${response.status}`);
      await response.arrayBuffer();
    }
    process.stdout.write(`reverify-server --provider local answered from ${app}\n`);

    mkdirSync(join(app, 'src'));
    writeFileSync(
      join(app, 'index.html'),
      '<!doctype html><html><body><div id="reverify"></div><script type="module" src="/src/main.ts"></script></body></html>',
    );
    // The README's npm snippet is the app's entry, as written.
    writeFileSync(
      join(app, 'src/main.ts'),
      readmeBlock('Use it', 'ts', "assetsUrl: '/reverify/sdk/assets/'"),
    );
    execFileSync(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
      cwd: app,
      stdio: 'inherit',
    });
    const assets = join(app, 'dist/assets');
    const bundle = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    if (!bundle.includes('reverify-capture')) fail('the Vite bundle lacks <reverify-capture>');
    // The SDK reaches the contract only through its zod-free constants, and MediaPipe only at run time.
    if (bundle.includes('ZodError')) fail('the Vite bundle pulled in zod');
    if (existsSync(join(app, 'node_modules/@mediapipe/tasks-vision')))
      fail('@mediapipe/tasks-vision was installed');
    process.stdout.write(
      `a Vite app built with @reverify/sdk (${Math.round(bundle.length / 1024)} KB of JS)\n`,
    );

    await followReadme(app);
  } finally {
    server?.kill('SIGTERM');
    for (const group of [readmeServer, expressServer]) if (group) killGroup(group);
    rmSync(app, { recursive: true, force: true });
  }
  if (!process.exitCode)
    process.stdout.write(`packed install ok in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

/** Stops a detached child and everything it started (bash, npx, the server). */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Runs a bash script in `cwd` and answers its standard output; throws on a non-zero exit. */
function bash(script, cwd, env = {}) {
  return execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

/**
 * The README's "Use it" as written: step 1 starts reverify-server in the
 * folder (the port from $PORT, which the bin reads), steps 2 and 3 run in one
 * shell as a second terminal would, and the server snippet runs with tsx.
 */
async function followReadme(app) {
  const folder = join(app, 'readme');
  mkdirSync(join(folder, 'public'), { recursive: true });
  writeFileSync(
    join(folder, 'reference.jpg'),
    readFileSync(join(root, '.cache/test-media/person-b.jpg')),
  );
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { start, enroll, create } = readmeSteps(origin);
  // The integrator's folder has the packages installed one level up, as `npm i` in a parent would.
  readmeServer = spawn('bash', ['-c', start], {
    cwd: folder,
    env: { ...process.env, PORT: String(port), npm_config_offline: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await until(async () => (await fetch(`${origin}/reverify/v1/health`)).ok, 'README step 1');
  const [enrollment, reverification] = bash(`${enroll}\necho\n${create}`, folder)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  if (enrollment.status !== 'success' || !enrollment.id?.startsWith('en_'))
    fail(`README step 2 answered ${JSON.stringify(enrollment)}`);
  if (
    !reverification.clientToken?.startsWith('rvc_') ||
    reverification.referenceId !== 'customer-42'
  )
    fail(`README step 3 answered ${JSON.stringify(reverification)}`);
  process.stdout.write('README steps 1-3 ran as written\n');

  const serverFile = join(app, 'readme-server.ts');
  writeFileSync(serverFile, readmeBlock('Use it', 'ts', 'reverifyExpress('));
  const expressPort = await freePort();
  expressServer = spawn(join(app, 'node_modules/.bin/tsx'), [serverFile], {
    cwd: app,
    env: {
      ...process.env,
      PORT: String(expressPort),
      REVERIFY_SECRET_KEY: `sk_live_${'0123456789abcdef'.repeat(2)}`,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const mounted = `http://127.0.0.1:${expressPort}/reverify`;
  await until(async () => (await fetch(`${mounted}/v1/health`)).ok, 'the README server snippet');
  const sdk = await fetch(`${mounted}/sdk/reverify.iife.js`);
  if (!sdk.ok) fail(`the README server snippet serves no SDK (${sdk.status})`);
  process.stdout.write('README server snippet (Express, production, local matcher) answered\n');
}

await main();
