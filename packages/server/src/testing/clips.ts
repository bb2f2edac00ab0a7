import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real video made by ffmpeg (installed for the browser tests) from its
 * test pattern, 320×240 at 15 fps: `container` is the file's extension
 * (`webm`, `mp4`), `codecArgs` ffmpeg's codec options.
 */
export function testClip(
  seconds: number,
  container = 'webm',
  codecArgs: readonly string[] = ['-c:v', 'libvpx', '-b:v', '200k'],
): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'reverify-clip-'));
  try {
    const file = join(dir, `clip.${container}`);
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `testsrc=size=320x240:rate=15:duration=${seconds}`],
      ...codecArgs,
      file,
    ]);
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
