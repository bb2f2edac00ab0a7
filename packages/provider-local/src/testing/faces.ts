import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';

const media = (name: string) =>
  fileURLToPath(new URL(`../../../../.cache/test-media/${name}`, import.meta.url));

/** The photos scripts/test-media.sh extracted from Debian packages. */
export const PHOTOS = {
  /** Person A: skimage astronaut.png (Eileen Collins, public domain). */
  personA: media('person-a.png'),
  /** Person B: matplotlib grace_hopper.jpg. */
  personB: media('person-b.jpg'),
  /** A cat: skimage chelsea.png. */
  noFace: media('no-face.png'),
};

/** Fails clearly when the test media were not prepared. */
export function requireMedia(): void {
  if (!existsSync(PHOTOS.personA))
    throw new Error('run scripts/test-media.sh first (pnpm test:unit does)');
}

/** Person A's face region in astronaut.png (512×512). */
const FACE = { left: 120, top: 30, width: 210, height: 210 };

/**
 * Edited variants of person A — no package ships two real photos of one
 * person — as JPEG bytes.
 */
export async function variantsOfA(): Promise<Record<string, Buffer>> {
  const a = sharp(PHOTOS.personA).removeAlpha();
  const jpeg = (image: Sharp, quality = 90) => image.jpeg({ quality }).toBuffer();
  return {
    crop: await jpeg(a.clone().extract(FACE)),
    shift: await jpeg(a.clone().extract({ left: 60, top: 0, width: 300, height: 330 })),
    darker: await jpeg(a.clone().modulate({ brightness: 0.7 })),
    brighter: await jpeg(a.clone().modulate({ brightness: 1.3 })),
    lowQuality: await jpeg(a.clone(), 35),
    rotated: await jpeg(a.clone().rotate(8, { background: '#808080' })),
    mirrored: await jpeg(a.clone().flop()),
    lowResolution: await jpeg(a.clone().resize(200)),
    // Stored sideways with an EXIF orientation; sanitizing turns it upright.
    exifRotated: await a.clone().rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
  };
}

/** Person A beside person B: two faces. */
export async function twoFaces(): Promise<Buffer> {
  const left = await sharp(PHOTOS.personA).removeAlpha().resize(400, 400).toBuffer();
  const right = await sharp(PHOTOS.personB).resize(400, 400, { fit: 'cover' }).toBuffer();
  return sharp({ create: { width: 800, height: 400, channels: 3, background: '#777' } })
    .composite([
      { input: left, left: 0, top: 0 },
      { input: right, left: 400, top: 0 },
    ])
    .jpeg()
    .toBuffer();
}
