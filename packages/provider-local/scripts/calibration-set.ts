/**
 * Writes the package's calibration set to .cache/calibration/: person A and
 * person B (the Debian-packaged photos of scripts/test-media.sh), each with
 * the same edits the tests use. Then: pnpm calibrate ../../.cache/calibration
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { PHOTOS, requireMedia, variantsOfA } from '../src/testing/faces.js';

requireMedia();
const out = fileURLToPath(new URL('../../../.cache/calibration/', import.meta.url));
mkdirSync(`${out}person-a`, { recursive: true });
mkdirSync(`${out}person-b`, { recursive: true });
writeFileSync(`${out}person-a/original.jpg`, await sharp(PHOTOS.personA).jpeg().toBuffer());
for (const [name, bytes] of Object.entries(await variantsOfA()))
  writeFileSync(`${out}person-a/${name}.jpg`, bytes);
const b = sharp(readFileSync(PHOTOS.personB));
const edits: Record<string, Sharp> = {
  original: b.clone(),
  crop: b.clone().extract({ left: 100, top: 60, width: 330, height: 360 }),
  darker: b.clone().modulate({ brightness: 0.7 }),
  brighter: b.clone().modulate({ brightness: 1.3 }),
  rotated: b.clone().rotate(-8, { background: '#808080' }),
  mirrored: b.clone().flop(),
  lowResolution: b.clone().resize(200),
};
for (const [name, image] of Object.entries(edits))
  writeFileSync(`${out}person-b/${name}.jpg`, await image.jpeg({ quality: 88 }).toBuffer());
process.stdout.write(`calibration set in ${out}\n`);
