import type * as TF from '@tensorflow/tfjs-core';

/** One weight of a model's weight data: its manifest entry and its stored bytes. */
export interface StoredWeight {
  readonly spec: TF.io.WeightsManifestEntry;
  readonly bytes: Uint8Array;
}

/** Bytes per stored value, by the dtype the bytes hold. */
const STORED_SIZE: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/**
 * Splits weight data into its weights, in manifest order, without creating
 * tensors (on the wasm backend those would grow a heap that never shrinks).
 * Null when an entry has no fixed size (strings), so a caller leaves the
 * model as it is.
 */
export function splitWeights(
  specs: readonly TF.io.WeightsManifestEntry[],
  data: ArrayBuffer,
): StoredWeight[] | null {
  const weights: StoredWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = STORED_SIZE[spec.quantization?.dtype ?? spec.dtype];
    if (size === undefined) return null;
    const length = spec.shape.reduce((product, dim) => product * dim, 1) * size;
    if (offset + length > data.byteLength) return null;
    weights.push({ spec, bytes: new Uint8Array(data, offset, length) });
    offset += length;
  }
  return weights;
}

/** A float32 weight's values, dequantized as TensorFlow.js does; null for other dtypes. */
export function floatValues({ spec, bytes }: StoredWeight): Float32Array | null {
  if (spec.dtype !== 'float32') return null;
  const copy = bytes.slice().buffer;
  const quantization = spec.quantization;
  if (!quantization) return new Float32Array(copy);
  if (quantization.dtype === 'float16') {
    const halves = new Uint16Array(copy);
    const table = halfTable();
    const values = new Float32Array(halves.length);
    for (let i = 0; i < halves.length; i++) values[i] = table[halves[i] as number] as number;
    return values;
  }
  const stored = quantization.dtype === 'uint8' ? new Uint8Array(copy) : new Uint16Array(copy);
  const { scale = 1, min = 0 } = quantization;
  return Float32Array.from(stored, (value) => value * scale + min);
}

/** An IEEE 754 half-precision value (its 16 bits) as a number (pure). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let halves: Float32Array | undefined;
/** Every half-precision value as float32, indexed by its bits: a model has millions to decode. */
function halfTable(): Float32Array {
  halves ??= Float32Array.from({ length: 0x10000 }, (_, bits) => halfToFloat(bits));
  return halves;
}

/** Weight data and its manifest entries from weights, in order. */
export function joinWeights(weights: readonly StoredWeight[]): {
  specs: TF.io.WeightsManifestEntry[];
  data: ArrayBuffer;
} {
  const joined = Buffer.concat(weights.map((weight) => weight.bytes));
  return {
    specs: weights.map((weight) => weight.spec),
    data: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
  };
}
