import { describe, expect, it } from 'vitest';
import { testClip } from '../testing/clips.js';
import { expectReverifyError } from '../testing/expect-error.js';
import { testPhoto } from '../testing/images.js';
import { validateClip } from './validate-clip.js';

describe('validateClip', () => {
  it('reads a WebM (VP8) and an MP4 (H.264): type, codec, size and exact duration', async () => {
    const webm = await validateClip(testClip(2, 'webm', ['-c:v', 'libvpx', '-b:v', '200k']));
    expect(webm).toMatchObject({ mimeType: 'video/webm', codec: 'vp8', width: 320, height: 240 });
    expect(webm.durationMs).toBeGreaterThan(1800);
    expect(webm.durationMs).toBeLessThan(2200);
    const mp4 = await validateClip(testClip(1, 'mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']));
    expect(mp4).toMatchObject({ mimeType: 'video/mp4', codec: 'avc' });
  });

  it('refuses a clip that is too long, too big, an image or garbage', async () => {
    const long = testClip(4, 'webm', ['-c:v', 'libvpx', '-b:v', '100k']);
    await expectReverifyError(
      () => validateClip(long, { maxBytes: 10e6, maxDurationMs: 3000 }),
      'clip_invalid',
    );
    await expectReverifyError(
      () => validateClip(long, { maxBytes: 1000, maxDurationMs: 15000 }),
      'payload_too_large',
    );
    await expectReverifyError(async () => validateClip(await testPhoto(320, 240)), 'clip_invalid');
    await expectReverifyError(() => validateClip(new Uint8Array(4096).fill(7)), 'clip_invalid');
  });
});
