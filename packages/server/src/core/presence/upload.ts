import { expectedKeyframes, type KeyframeName, type PresenceUpload } from '@reverify/contract';
import { ReverifyError } from '../../plugin/errors.js';
import type { StoredChallenge } from '../../store/queries/reverifications.js';
import { hashSecret } from '../ids.js';

/** Milliseconds a client's clock may run ahead of the handler's view of the challenge. */
const CLOCK_SLACK_MS = 2000;
/** The shortest plausible time between two keyframes of a human head turning. */
const MIN_KEYFRAME_GAP_MS = 100;

/** A capture's answer to the challenge, as the HTTP layer parsed it. */
export interface PresenceAnswer {
  /** The `presence` part, or `null` when the upload had none. */
  readonly upload: PresenceUpload | null;
  /** The keyframe image parts sent besides the frontal `image`. */
  readonly keyframeParts: readonly KeyframeName[];
}

function invalid(message: string, details?: Record<string, unknown>): ReverifyError {
  return new ReverifyError('keyframes_invalid', message, details ? { details } : undefined);
}

/** Whether `names` appear in `order` (each at most once, in that order). */
function inOrder(names: readonly KeyframeName[], order: readonly KeyframeName[]): boolean {
  let at = 0;
  for (const name of names) {
    const found = order.indexOf(name, at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

/**
 * Checks a capture's answer against the reverification's challenge (pure;
 * `now` is the handler's clock): the nonce is this challenge's and it has
 * not expired; the keyframes are the ones the challenge's outcome calls for,
 * in order, each with its image part; and their timings could have happened
 * since the challenge was issued.
 *
 * @throws `challenge_invalid`, `challenge_expired` or `keyframes_invalid`.
 */
export function checkPresenceAnswer(
  challenge: StoredChallenge | null,
  answer: PresenceAnswer,
  now: Date,
): void {
  const { upload } = answer;
  if (!upload) {
    if (answer.keyframeParts.length > 0) {
      throw invalid('Keyframe parts need the "presence" part that describes them.');
    }
    return;
  }
  if (!challenge || hashSecret(upload.nonce) !== challenge.nonceHash) {
    throw new ReverifyError(
      'challenge_invalid',
      "The nonce is not this reverification's current challenge.",
    );
  }
  if (now.toISOString() > challenge.expiresAt) {
    throw new ReverifyError('challenge_expired', 'The challenge expired; open the session again.');
  }
  const names = upload.keyframes.map((keyframe) => keyframe.name);
  const expected = expectedKeyframes(challenge.moves);
  if (names[0] !== 'frontal') throw invalid('The first keyframe must be "frontal".');
  if (upload.outcome === 'completed' && names.join() !== expected.join()) {
    throw invalid(`A completed challenge sends ${expected.join(', ')}.`, { expected });
  }
  if (upload.outcome === 'unavailable' && names.length !== 1) {
    throw invalid('A challenge that could not run sends only the frontal frame.');
  }
  if (!inOrder(names, expected)) {
    throw invalid(`Keyframes must be a subset of ${expected.join(', ')}, in that order.`, {
      expected,
    });
  }
  const parts = [...answer.keyframeParts].sort().join();
  if (parts !== names.slice(1).sort().join()) {
    throw invalid('Each keyframe but the frontal one needs its own keyframe_<name> part.', {
      described: names.slice(1),
      sent: answer.keyframeParts,
    });
  }
  const elapsedMs = now.getTime() - Date.parse(challenge.issuedAt);
  upload.keyframes.forEach((keyframe, i) => {
    const previous = upload.keyframes[i - 1];
    if (previous && keyframe.atMs - previous.atMs < MIN_KEYFRAME_GAP_MS) {
      throw invalid('Keyframes are too close together to be a head turning.');
    }
    if (keyframe.atMs > elapsedMs + CLOCK_SLACK_MS) {
      throw invalid('A keyframe is dated after the upload arrived.', {
        atMs: keyframe.atMs,
        elapsedMs,
      });
    }
  });
}
