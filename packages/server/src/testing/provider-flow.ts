import type { Reverification, ReverificationSession, StreamEvent } from '@reverify/contract';
import { expect } from 'vitest';
import { createJsonLogger, type Logger } from '../plugin/logger.js';
import type { TestServer } from './harness.js';

/** A logger that keeps every line, to check what reached the logs. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createJsonLogger((line) => lines.push(line)), lines };
}

/** Enrolls `referenceId` through the handler's API with a reference selfie. */
export async function enrollWithSelfie(
  server: TestServer,
  referenceId: string,
  selfie: Uint8Array,
): Promise<Response> {
  const form = new FormData();
  form.set('referenceId', referenceId);
  form.set('selfie', new Blob([selfie], { type: 'image/jpeg' }), 'reference.jpg');
  return server.call('/v1/enrollments', { body: form });
}

/** Polls a reverification (with details) until it leaves `pending`/`capturing`/`processing`. */
export async function settled(
  server: TestServer,
  id: string,
  timeoutMs = 5000,
): Promise<Reverification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reverification = (await (
      await server.call(`/v1/reverifications/${id}?details=true`)
    ).json()) as Reverification;
    if (!['pending', 'capturing', 'processing'].includes(reverification.status)) {
      return reverification;
    }
    if (Date.now() > deadline) throw new Error(`${id} still ${reverification.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The committed events of a session, read as JSON with its stream token. */
export async function eventsOf(
  server: TestServer,
  session: { id: string; streamToken: string },
): Promise<StreamEvent[]> {
  const response = await server.call(`/v1/reverifications/${session.id}/events`, {
    auth: session.streamToken,
    headers: { Accept: 'application/json' },
  });
  return ((await response.json()) as { events: StreamEvent[] }).events;
}

/**
 * Asserts the logs hold none of `secrets` and no image: no long base64 run
 * and no JPEG, PNG or WebP signature.
 */
export function expectCleanLogs(lines: readonly string[], secrets: readonly string[]): void {
  const text = lines.join('');
  expect(lines.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/[A-Za-z0-9+/=]{200,}/);
  expect(text).not.toMatch(/\/9j\/|iVBORw0KGgo|UklGR|\\u00ff\\u00d8/);
}

/**
 * Uploads `selfie` (with `clip`, a challenge video, when given) as the
 * session's capture and waits until the reverification settles.
 */
export async function uploadAndSettle(
  server: TestServer,
  session: { id: string; clientToken: string },
  selfie: Uint8Array,
  timeoutMs = 5000,
  clip?: Uint8Array,
): Promise<Reverification> {
  const upload = server.upload(session as ReverificationSession, selfie, clip ? { clip } : {});
  expect((await upload).status).toBe(201);
  return settled(server, session.id, timeoutMs);
}

/** How many events ended the reverification (a decision, a failure or expiry): must be one. */
export async function countEndings(
  server: TestServer,
  session: { id: string; streamToken: string },
): Promise<number> {
  const events = await eventsOf(server, session);
  return events.filter((e) => ['completed', 'failed', 'expired'].includes(e.status)).length;
}
