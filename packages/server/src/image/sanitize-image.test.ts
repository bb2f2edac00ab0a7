import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ReverifyError } from '../plugin/errors.js';
import { pngDeclaring, testPhoto } from '../testing/images.js';
import { DEFAULT_IMAGE_LIMITS, sanitizeImage } from './sanitize-image.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReverifyError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('sanitizeImage', () => {
  it('re-encodes a JPEG, applies EXIF orientation and strips all metadata', async () => {
    const original = await sharp(await testPhoto(640, 480))
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Make: 'SpyCam', Model: 'GPS-9000' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(original).metadata()).orientation).toBe(6);

    const clean = await sanitizeImage(original);
    expect(clean.format).toBe('jpeg');
    expect([clean.width, clean.height]).toEqual([480, 640]);
    const meta = await sharp(clean.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(Buffer.from(clean.bytes).includes('SpyCam')).toBe(false);
  });

  it('accepts PNG and WebP and stores JPEG', async () => {
    for (const format of ['png', 'webp'] as const) {
      const clean = await sanitizeImage(await testPhoto(320, 240, format));
      expect(clean.format).toBe('jpeg');
      expect((await sharp(clean.bytes).metadata()).format).toBe('jpeg');
    }
  });

  it('encodes without optimised Huffman tables when asked: same pixels, more bytes', async () => {
    const photo = await testPhoto(640, 480);
    const optimised = await sanitizeImage(photo);
    const plain = await sanitizeImage(photo, {
      ...DEFAULT_IMAGE_LIMITS,
      optimiseJpegCoding: false,
    });
    expect(plain.bytes.byteLength).toBeGreaterThan(optimised.bytes.byteLength);
    const pixels = async (bytes: Uint8Array) => sharp(bytes).raw().toBuffer();
    // Huffman coding is lossless: both decode to the same image.
    expect((await pixels(plain.bytes)).equals(await pixels(optimised.bytes))).toBe(true);
  });

  it('scales down to the output edge', async () => {
    const clean = await sanitizeImage(await testPhoto(3000, 1500), {
      ...DEFAULT_IMAGE_LIMITS,
      maxOutputEdge: 1000,
    });
    expect([clean.width, clean.height]).toEqual([1000, 500]);
  });

  it('drops a payload appended to a valid JPEG (polyglot)', async () => {
    const payload = Buffer.from('PK\u0003\u0004<script>alert("polyglot")</script>');
    const polyglot = Buffer.concat([await testPhoto(320, 240), payload]);
    const clean = await sanitizeImage(polyglot);
    expect(Buffer.from(clean.bytes).includes('polyglot')).toBe(false);
    expect(Buffer.from(clean.bytes).includes('PK\u0003\u0004')).toBe(false);
  });

  it('refuses empty, truncated, fake and foreign files with typed errors', async () => {
    const jpeg = await testPhoto(640, 480);
    expect(await codeOf(sanitizeImage(new Uint8Array()))).toBe('corrupt_image');
    expect(await codeOf(sanitizeImage(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe(
      'corrupt_image',
    );
    // PNG magic followed by junk is not a PNG at all.
    const fakePng = Buffer.concat([pngDeclaring(10, 10).subarray(0, 8), Buffer.alloc(64, 7)]);
    expect(await codeOf(sanitizeImage(fakePng))).toBe('unsupported_media_type');
    // A real PNG whose compressed pixels are damaged does not decode.
    const damaged = Buffer.from(await testPhoto(320, 240, 'png'));
    damaged.fill(0xab, 200, damaged.length - 20);
    expect(await codeOf(sanitizeImage(damaged))).toBe('corrupt_image');
    expect(await codeOf(sanitizeImage(Buffer.from('<html><body>hi</body></html>')))).toBe(
      'unsupported_media_type',
    );
    expect(
      await codeOf(sanitizeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))),
    ).toBe('unsupported_media_type');
    const gif = await sharp(await testPhoto(32, 32))
      .gif()
      .toBuffer();
    expect(await codeOf(sanitizeImage(gif))).toBe('unsupported_media_type');
  });

  it('refuses a 20000×20000 PNG from its header, before decoding', async () => {
    const bomb = pngDeclaring(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200);
    const started = process.memoryUsage().rss;
    expect(await codeOf(sanitizeImage(bomb))).toBe('image_too_large');
    // A decode would need 1.2 GB; refusing from the header allocates next to nothing.
    expect(process.memoryUsage().rss - started).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses more bytes than the limit', async () => {
    const big = Buffer.concat([await testPhoto(64, 64), Buffer.alloc(11 * 1024 * 1024)]);
    expect(await codeOf(sanitizeImage(big))).toBe('payload_too_large');
  });
});
