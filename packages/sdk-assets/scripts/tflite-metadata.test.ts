import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachTfliteMetadata, faceDetectorMetadata, TableReader } from './tflite-metadata.js';

const require = createRequire(import.meta.url);
const legacy = new Uint8Array(
  readFileSync(
    join(
      dirname(require.resolve('@mediapipe/face_detection/package.json')),
      'face_detection_short_range.tflite',
    ),
  ),
);

function text(bytes: Uint8Array, read: TableReader, at: number): string {
  return at ? new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + read.u32(at))) : '';
}

/** Names of every tensor of every subgraph, and the operator-code count: what a model is made of. */
function anatomy(bytes: Uint8Array) {
  const read = new TableReader(bytes);
  const root = read.u32(0);
  const subgraphs = read
    .tables(read.target(root, 2))
    .map((subgraph) =>
      read
        .tables(read.target(subgraph, 0))
        .map((tensor) => text(bytes, read, read.target(tensor, 3))),
    );
  const operatorCodes = read.tables(read.target(root, 1)).length;
  const buffers = read.tables(read.target(root, 4));
  return { read, root, subgraphs, operatorCodes, buffers };
}

describe('attachTfliteMetadata', () => {
  const metadata = faceDetectorMetadata();
  const patched = attachTfliteMetadata(legacy, metadata);

  it('keeps the original model intact behind a 16-byte aligned prefix', () => {
    const shift = patched.length - legacy.length;
    expect(shift % 16).toBe(0);
    expect(Buffer.from(patched.subarray(shift)).equals(Buffer.from(legacy))).toBe(true);
    expect(String.fromCharCode(...patched.subarray(4, 8))).toBe('TFL3');
  });

  it('points the new root at the same subgraphs, tensors and operators', () => {
    const before = anatomy(legacy);
    const after = anatomy(patched);
    expect(after.subgraphs).toEqual(before.subgraphs);
    expect(before.subgraphs[0]).toContain('regressors');
    expect(before.subgraphs[0]).toContain('classificators');
    expect(after.operatorCodes).toBe(before.operatorCodes);
    expect(after.buffers).toHaveLength(before.buffers.length + 1);
  });

  it('adds a TFLITE_METADATA entry naming a 16-byte aligned buffer that holds the metadata', () => {
    const { read, root, buffers } = anatomy(patched);
    const entries = read.tables(read.target(root, 6)).map((entry) => ({
      name: text(patched, read, read.target(entry, 0)),
      buffer: read.u32(read.field(entry, 1)),
    }));
    const entry = entries.find((e) => e.name === 'TFLITE_METADATA');
    expect(entry?.buffer).toBe(buffers.length - 1);
    const data = read.target(buffers[entry?.buffer as number] as number, 0);
    expect((data + 4) % 16).toBe(0);
    expect(read.u32(data)).toBe(metadata.length);
    expect(
      Buffer.from(patched.subarray(data + 4, data + 4 + metadata.length)).equals(
        Buffer.from(metadata),
      ),
    ).toBe(true);
  });

  it('refuses a non-TFLite file and a model that already has metadata', () => {
    expect(() => attachTfliteMetadata(new Uint8Array(64), metadata)).toThrow(/TFL3/);
    expect(() => attachTfliteMetadata(patched, metadata)).toThrow(/already/);
  });
});

describe('faceDetectorMetadata', () => {
  it('describes an RGB image input normalized by 127.5 and the two BlazeFace outputs', () => {
    const bytes = faceDetectorMetadata();
    expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('M001');
    const read = new TableReader(bytes);
    const root = read.u32(0);
    const [subgraph] = read.tables(read.target(root, 3));
    const [input] = read.tables(read.target(subgraph as number, 2));
    const outputs = read
      .tables(read.target(subgraph as number, 3))
      .map((t) => text(bytes, read, read.target(t, 0)));
    expect(text(bytes, read, read.target(input as number, 0))).toBe('image');
    expect(outputs).toEqual(['regressors', 'classificators']);
    const content = read.target(input as number, 3);
    expect(bytes[read.field(content, 0)]).toBe(2); // ImageProperties
    expect(bytes[read.field(read.target(content, 1), 0)]).toBe(1); // RGB
    const [unit] = read.tables(read.target(input as number, 4));
    expect(bytes[read.field(unit as number, 0)]).toBe(1); // NormalizationOptions
    const mean = read.target(read.target(unit as number, 1), 0);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getFloat32(mean + 4, true)).toBe(127.5);
  });
});
