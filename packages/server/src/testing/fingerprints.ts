/**
 * Runs of 48 bytes from the entropy-coded middle of a stored JPEG: no other
 * image, and nothing but this image, holds them (the JPEG headers, which
 * every capture shares, are skipped). The erasure tests look for them in
 * the database's files.
 */
export function fingerprints(bytes: Uint8Array): Buffer[] {
  const runs: Buffer[] = [];
  for (let at = 0.3; at < 0.95; at += 0.08) {
    const start = Math.floor(bytes.byteLength * at);
    runs.push(Buffer.from(bytes.subarray(start, start + 48)));
  }
  return runs;
}
