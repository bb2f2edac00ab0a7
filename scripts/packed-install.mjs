// The install test: what a new integrator gets from the registry, without
// this repository. Installs the packed tarballs (scripts/pack-packages.mjs)
// with plain npm into a temporary folder outside the repository, starts
// `reverify-server --provider local` from it and reaches /v1/health and the
// served SDK and assets, then builds a small Vite app that imports the SDK
// and checks what it bundled. Exits non-zero on any failure.
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

const root = fileURLToPath(new URL('..', import.meta.url));
const viteVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies
  .vite;

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
        `vite@${viteVersion}`,
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
      '<!doctype html><html><body><div id="reverify"></div><script type="module" src="/src/main.js"></script></body></html>',
    );
    writeFileSync(
      join(app, 'src/main.js'),
      "import { startReverification } from '@reverify/sdk';\nimport '@reverify/sdk/define';\n" +
        "startReverification(document.getElementById('reverify'), { endpoint: '/reverify', referenceId: 'customer-42', getClientToken: async () => 'token', assetsUrl: '/reverify/sdk/assets/' });\n",
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
  } finally {
    server?.kill('SIGTERM');
    rmSync(app, { recursive: true, force: true });
  }
  if (!process.exitCode)
    process.stdout.write(`packed install ok in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

await main();
