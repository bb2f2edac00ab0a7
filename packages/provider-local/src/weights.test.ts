import { describe, expect, it } from 'vitest';
import { floatValues, halfToFloat, joinWeights, splitWeights } from './weights.js';

describe('halfToFloat', () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x8000, -0],
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ])('0x%s → %s', (bits, value) => {
    expect(halfToFloat(bits)).toBe(value);
  });
  it('NaN stays NaN', () => expect(halfToFloat(0x7e00)).toBeNaN());
});

describe('splitWeights / floatValues / joinWeights', () => {
  const float = Float32Array.of(1.5, -2);
  const half = Uint16Array.of(0x3c00, 0xc400, 0x0000);
  const bytes = Uint8Array.of(0, 10, 255);
  const ints = Int32Array.of(7);
  const data = Buffer.concat([
    Buffer.from(float.buffer),
    Buffer.from(half.buffer),
    Buffer.from(bytes),
    Buffer.from(ints.buffer),
  ]);
  const specs = [
    { name: 'f', shape: [2], dtype: 'float32' as const },
    {
      name: 'h',
      shape: [3],
      dtype: 'float32' as const,
      quantization: { dtype: 'float16' as const },
    },
    {
      name: 'q',
      shape: [3],
      dtype: 'float32' as const,
      quantization: { dtype: 'uint8' as const, scale: 0.5, min: -1 },
    },
    { name: 'i', shape: [1], dtype: 'int32' as const },
  ];
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);

  it('splits by stored size and dequantizes as TensorFlow.js does', () => {
    const weights = splitWeights(specs, buffer);
    expect(weights?.map((w) => w.bytes.byteLength)).toEqual([8, 6, 3, 4]);
    const values = weights?.map((w) =>
      floatValues(w) ? [...(floatValues(w) as Float32Array)] : null,
    );
    expect(values).toEqual([[1.5, -2], [1, -4, 0], [-1, 4, 126.5], null]);
  });

  it('joins weights back to the same bytes', () => {
    const weights = splitWeights(specs, buffer) ?? [];
    const joined = joinWeights(weights);
    expect(joined.specs).toEqual(specs);
    expect(Buffer.from(joined.data).equals(data)).toBe(true);
  });

  it('refuses data it cannot size: strings, or a manifest longer than the data', () => {
    expect(splitWeights([{ name: 's', shape: [1], dtype: 'string' }], buffer)).toBeNull();
    expect(
      splitWeights([...specs, { name: 'x', shape: [1], dtype: 'float32' }], buffer),
    ).toBeNull();
  });
});
