/**
 * Labelled challenge answers built from still portraits, for the presence
 * tests and `bench:liveness`: a bona fide head turn (mesh-driven warp) and
 * the attacks the issue names — a still photo, a flat photo turned, a
 * screen replay, a turn the wrong way, another face swapped in.
 */
import type { ChallengeMove, KeyframeName } from '@reverify/contract';
import type { PresenceRequest } from '@reverify/server/provider';
import sharp from 'sharp';
import type { Analysis } from '../face-analyzer.js';
import { type RawImage, recaptureScreen, turnFlatPhoto, turnHead } from './head-turn.js';

/** One keyframe of a synthetic answer. */
export interface SyntheticKeyframe {
  readonly name: KeyframeName;
  readonly jpeg: Uint8Array;
}

/** What makes a face turnable: its pixels, mesh and the mesh's triangles. */
export interface Portrait {
  readonly image: RawImage;
  readonly mesh: readonly (readonly [number, number, number])[];
  readonly triangles: readonly number[];
}

/** The attack types of `bench:liveness`, in ISO/IEC 30107-3 terms presentation attack instruments. */
export const ATTACKS = [
  'still_photo',
  'flat_photo_turned',
  'screen_replay',
  'wrong_direction',
  'face_swap',
] as const;

/** An attack type; see {@link ATTACKS}. */
export type Attack = (typeof ATTACKS)[number];

/** Turning to the person's left is a positive yaw in {@link turnHead}. */
const YAW_SIGN: Record<ChallengeMove, number> = { turn_left: 1, turn_right: -1 };

/** A portrait at most `edge` pixels long, with the mesh `analyse` finds in it. */
export async function portraitOf(
  bytes: Uint8Array,
  analyse: (jpeg: Uint8Array, options: { withMesh: true }) => Promise<Analysis>,
  triangles: readonly number[],
  edge = 640,
): Promise<Portrait | null> {
  const { data, info } = await sharp(bytes)
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: info.width, height: info.height };
  const analysis = await analyse(await jpegOf(image), { withMesh: true });
  return analysis.mesh && analysis.faces.length === 1
    ? { image, mesh: analysis.mesh, triangles }
    : null;
}

/** An image as a JPEG, quality 90, like the SDK's captures. */
export function jpegOf(image: RawImage): Promise<Uint8Array> {
  return sharp(Buffer.from(image.data), {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .jpeg({ quality: 90 })
    .toBuffer()
    .then((buffer) => new Uint8Array(buffer));
}

const turned = (portrait: Portrait, yaw: number) =>
  yaw === 0 ? portrait.image : turnHead(portrait.image, portrait.mesh, portrait.triangles, yaw);

async function sequence(
  moves: readonly ChallengeMove[],
  frame: (yaw: number) => RawImage,
  yaw: number,
): Promise<SyntheticKeyframe[]> {
  const keyframes: SyntheticKeyframe[] = [{ name: 'frontal', jpeg: await jpegOf(frame(0)) }];
  for (const [i, move] of moves.entries()) {
    keyframes.push({
      name: `peak_${i + 1}` as KeyframeName,
      jpeg: await jpegOf(frame(YAW_SIGN[move] * yaw)),
    });
  }
  // Back at the centre, not to the pixel: a person never returns exactly.
  keyframes.push({ name: 'return', jpeg: await jpegOf(frame(1.5)) });
  return keyframes;
}

/** A bona fide answer: the head turned `yaw` degrees each way the challenge asks. */
export function bonaFide(portrait: Portrait, moves: readonly ChallengeMove[], yaw: number) {
  return sequence(moves, (y) => turned(portrait, y), yaw);
}

/** An attack on `moves` with the portrait of the enrolled person (and `other`, for a face swap). */
export function attack(
  kind: Attack,
  portrait: Portrait,
  moves: readonly ChallengeMove[],
  yaw: number,
  other: Portrait,
): Promise<SyntheticKeyframe[]> {
  switch (kind) {
    case 'still_photo':
      // The fake camera fed one photo: every keyframe is the same frame.
      return sequence(moves, () => portrait.image, yaw);
    case 'flat_photo_turned':
      // A print or a phone turned in front of the camera, further than a head would turn.
      return sequence(moves, (y) => turnFlatPhoto(portrait.image, y * 1.4), yaw);
    case 'screen_replay':
      // A recording of the person really turning, replayed on a screen and filmed.
      return sequence(moves, (y) => recaptureScreen(turned(portrait, y), Math.round(y) + 7), yaw);
    case 'wrong_direction': {
      const opposite = moves.map((move) => (move === 'turn_left' ? 'turn_right' : 'turn_left'));
      return sequence(opposite, (y) => turned(portrait, y), yaw);
    }
    case 'face_swap':
      // The frontal frame is the victim; the turns are someone else.
      return sequence(moves, (y) => (y === 0 ? portrait.image : turned(other, y)), yaw);
  }
}

/**
 * `jpeg` with a comment segment naming `n` after its start marker: the same
 * picture in different bytes, so that a benchmark measures a fresh analysis
 * rather than the provider's reuse of a recent one.
 */
export function distinctJpeg(jpeg: Uint8Array, n: number): Uint8Array {
  const text = Buffer.from(`reverify-bench ${n}`, 'latin1');
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(2 + text.length, 2);
  text.copy(segment, 4);
  return new Uint8Array(Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]));
}

/** The handler's request to verify `keyframes` as the answer to `moves`, 500 ms apart. */
export function presenceRequest(
  moves: readonly ChallengeMove[],
  keyframes: readonly SyntheticKeyframe[],
): PresenceRequest {
  return {
    reverificationId: 'rv_syntheticpresence00',
    moves,
    minYawDegrees: 15,
    keyframes: keyframes.map((keyframe, i) => ({
      name: keyframe.name,
      atMs: 500 * (i + 1),
      image: { bytes: keyframe.jpeg, format: 'jpeg', width: 640, height: 480 },
    })),
  };
}
