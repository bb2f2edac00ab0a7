/**
 * Makes the fake-camera videos of the presence end-to-end tests from person
 * A's photo (no package ships a video of a head turning), framed like the
 * `face` video of scripts/test-media.sh, 640×480 at 30 fps, as y4m:
 *
 * - `head-turn`: the head held still, then turned to the person's left and
 *   back, then to the right and back (the mesh warp of testing/head-turn at
 *   a nominal 50°: the warp moves the nose less than a real head does, so
 *   Human measures 11–16° of yaw between 45° and 55°, and the browser's
 *   keypoints a parallax shift of 0.19 left and 0.13 right, what a real head
 *   gives at about 10°). The warp tears to this face's right (Human loses
 *   the face past 55°), so a right turn is the mirror image of a left turn
 *   of the mirrored portrait, which at yaw 0 is the portrait itself;
 * - `head-turn-left`: the same, turning only to the left, twice;
 * - `flat-turn`: the photo itself turned 42° each way, as a print held up
 *   and turned in front of the camera (a homography, no depth).
 *
 * Usage: `tsx scripts/head-turn-videos.ts <out-dir>` (scripts/test-media.sh runs it).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { createFaceAnalyzer } from '../src/face-analyzer.js';
import { PHOTOS } from '../src/testing/faces.js';
import { type RawImage, turnFlatPhoto, turnHead } from '../src/testing/head-turn.js';
import { portraitOf } from '../src/testing/presentations.js';

const FPS = 30;
const WIDTH = 640;
const HEIGHT = 480;

/** One stretch of a video: `seconds` long, yaw going linearly from `from` to `to` degrees. */
type Stretch = readonly [seconds: number, from: number, to: number];

/** Still for 2 s (the selfie), then each turn: 0.6 s out, 0.6 s held, 0.6 s back, 0.5 s at the centre. */
function timeline(turns: readonly number[]): Stretch[] {
  return [
    [2, 0, 0],
    ...turns.flatMap((yaw): Stretch[] => [
      [0.6, 0, yaw],
      [0.6, yaw, yaw],
      [0.6, yaw, 0],
      [0.5, 0, 0],
    ]),
  ];
}

/** The yaw of every frame of `stretches`, eased in and out, rounded to half a degree. */
function yaws(stretches: readonly Stretch[]): number[] {
  return stretches.flatMap(([seconds, from, to]) => {
    const count = Math.round(seconds * FPS);
    return Array.from({ length: count }, (_, i) => {
      const t = count > 1 ? i / (count - 1) : 0;
      const eased = (1 - Math.cos(Math.PI * t)) / 2;
      return Math.round((from + (to - from) * eased) * 2) / 2;
    });
  });
}

/** Writes `frames` (computed once per distinct yaw) through ffmpeg into `file`. */
async function writeVideo(
  file: string,
  frames: readonly number[],
  render: (yaw: number) => RawImage,
): Promise<void> {
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
      ...['-s', `${WIDTH}x${HEIGHT}`, '-r', String(FPS), '-i', '-'],
      ...['-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', file],
    ],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  );
  const done = new Promise<void>((resolve, reject) => {
    ffmpeg.on('error', reject);
    ffmpeg.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`)),
    );
  });
  const cache = new Map<number, Uint8Array>();
  for (const yaw of frames) {
    let data = cache.get(yaw);
    if (!data) {
      data = render(yaw).data;
      cache.set(yaw, data);
    }
    if (!ffmpeg.stdin.write(data)) {
      await new Promise((resolve) => ffmpeg.stdin.once('drain', resolve));
    }
  }
  ffmpeg.stdin.end();
  await done;
}

/** `image` flipped left to right. */
function mirror(image: RawImage): RawImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const to = (y * width + x) * 3;
      const from = (y * width + width - 1 - x) * 3;
      data.set(image.data.subarray(from, from + 3), to);
    }
  }
  return { data, width, height };
}

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/head-turn-videos.ts <out-dir>');
  process.exit(2);
}
// The `face` video's framing: the box (89,39)+271×203 of astronaut.png, scaled to 640×480.
const frame = await sharp(PHOTOS.personA)
  .removeAlpha()
  .extract({ left: 89, top: 39, width: 271, height: 203 })
  .resize(WIDTH, HEIGHT)
  .jpeg({ quality: 95 })
  .toBuffer();
const analyzer = await createFaceAnalyzer();
const portraitFrom = async (jpeg: Uint8Array) => {
  const portrait = await portraitOf(jpeg, analyzer.analyse, analyzer.triangulation, WIDTH);
  if (!portrait || portrait.image.width !== WIDTH || portrait.image.height !== HEIGHT) {
    throw new Error('no face mesh in the framed photo of person A');
  }
  return portrait;
};
const portrait = await portraitFrom(frame);
const mirrored = await portraitFrom(await sharp(frame).flop().jpeg({ quality: 95 }).toBuffer());
const head = (yaw: number) => {
  if (yaw === 0) return portrait.image;
  if (yaw > 0) return turnHead(portrait.image, portrait.mesh, portrait.triangles, yaw);
  return mirror(turnHead(mirrored.image, mirrored.mesh, mirrored.triangles, -yaw));
};
const photo = (yaw: number) => (yaw === 0 ? portrait.image : turnFlatPhoto(portrait.image, yaw));
await writeVideo(join(out, 'head-turn.y4m'), yaws(timeline([50, -50])), head);
await writeVideo(join(out, 'head-turn-left.y4m'), yaws(timeline([50, 50])), head);
await writeVideo(join(out, 'flat-turn.y4m'), yaws(timeline([42, -42])), photo);
