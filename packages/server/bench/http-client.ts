/**
 * The load generator's side of the server benchmarks: the server under
 * test in a child process, SSE streams, captures and API calls.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';

export const BENCH_SECRET_KEY = 'sk_test_benchbenchbenchbenchbenchbench';
export const BENCH_ORIGIN = 'http://bench.test';

const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/** What {@link Child.load} answers. */
export interface ChildLoad {
  readonly mainThreadBusyMs: number;
  readonly cpuMs: number;
}

/** A server under test in its own process. */
export interface Child {
  base: string;
  process: ChildProcess;
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Cumulative milliseconds: the main thread busy, and CPU time of all its threads. */
  load(): Promise<ChildLoad>;
  stop(): void;
}

/** Forks `server-under-test.ts` in `mode` with `env`; resolves once it listens. */
export async function startChild(
  mode: 'reverify' | 'bare',
  env: Record<string, string> = {},
): Promise<Child> {
  const child = fork(new URL('./server-under-test.ts', import.meta.url).pathname, [mode], {
    env: { ...process.env, ...env },
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      ...(process.env.BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server under test exited (${code})`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    process: child,
    memory: () => ask(child, 'memory'),
    load: () => ask(child, 'load'),
    stop: () => child.kill(process.env.BENCH_CHILD_FLAGS ? 'SIGINT' : 'SIGKILL'),
  };
}

/** Asks the child for one of its readings: `memory` or `load`. */
function ask<K extends 'memory' | 'load'>(
  child: ChildProcess,
  what: K,
): Promise<K extends 'memory' ? NodeJS.MemoryUsage : ChildLoad> {
  return new Promise((resolve) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(what in message)) return;
      child.off('message', onMessage);
      resolve(message[what] as K extends 'memory' ? NodeJS.MemoryUsage : ChildLoad);
    };
    child.on('message', onMessage);
    child.send(what);
  });
}

/**
 * An SSE connection that timestamps each named event as it arrives
 * (`performance.now()`), with its `data` line; answers its closer.
 */
export function openStream(
  url: string,
  onEvent: (type: string, at: number, data: string) => void,
): () => void {
  let buffer = '';
  const req = request(url, { agent, headers: { Accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const type = lines.find((line) => line.startsWith('event: '));
        const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '';
        if (type) onEvent(type.slice(7), at, data);
        end = buffer.indexOf('\n\n');
      }
    });
    res.on('error', () => {});
  });
  req.on('error', () => {});
  req.end();
  return () => req.destroy();
}

/** Resolves once `check()` holds, polling every millisecond. */
export function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 1);
    };
    tick();
  });
}

/** POSTs `body` with the bench's secret key; the JSON answer. */
export async function json(url: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${BENCH_SECRET_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

const BOUNDARY = 'reverifybenchboundary7MA4YWxkTrZu0gW';

/** The multipart body of one capture, encoded once so the load generator spends no CPU per request on it. */
export function multipart(photo: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="selfie.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Uploads one capture for `session`; throws unless 201. */
export async function uploadCapture(
  base: string,
  session: Record<string, string>,
  body: Buffer,
): Promise<void> {
  const response = await fetch(`${base}/v1/reverifications/${session.id}/capture`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${session.clientToken}`,
      Origin: BENCH_ORIGIN,
      'Content-Type': MULTIPART_TYPE,
    },
    body,
  });
  if (response.status !== 201)
    throw new Error(`upload: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** The SSE URL of `session`. */
export const eventsUrl = (base: string, session: Record<string, string>) =>
  `${base}/v1/reverifications/${session.id}/events?token=${session.streamToken}`;
