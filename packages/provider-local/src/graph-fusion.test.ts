import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Converter from '@tensorflow/tfjs-converter';
import type * as TF from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity } from './decision.js';
import { floatConstNode, fuseConvolutionBlocks, type GraphNode } from './graph-fusion.js';
import { fusedArtifacts, readModel } from './model-loader.js';
import { PHOTOS, requireMedia } from './testing/faces.js';

// The CommonJS instances: the ones model-loader.ts and Human use.
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core') as typeof TF;
const converter = require('@tensorflow/tfjs-converter') as typeof Converter;
const wasm = require('@tensorflow/tfjs-backend-wasm') as {
  setWasmPaths(path: string): void;
};

beforeAll(async () => {
  wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  await tf.setBackend('wasm');
});

const base64 = (text: string) => Buffer.from(text).toString('base64');
const ints = (...values: number[]) => ({ list: { i: values.map(String) } });
const CONV = {
  T: { type: 'DT_FLOAT' },
  strides: ints(1, 1, 1, 1),
  dilations: ints(1, 1, 1, 1),
  padding: { s: base64('SAME') },
  data_format: { s: base64('NHWC') },
};
const node = (op: string, name: string, ...input: string[]): GraphNode => ({
  name,
  op,
  input,
  attr: op.includes('Conv') ? CONV : { T: { type: 'DT_FLOAT' } },
});

/** Deterministic values in [-spread, spread]. */
function values(length: number, seed: number, spread: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31) * 2 * spread - spread;
  });
}

/**
 * Two Keras-style MobileNet blocks, as the converter stores them: a conv
 * with its bias, then a depthwise conv with an unfolded scale and shift, each
 * followed by ReLU6 as Relu → Minimum(6) / Maximum(0) (in both orders).
 */
function kerasBlocks(overrides: { upper?: number; extra?: GraphNode[] } = {}) {
  const constants: Record<string, { shape: number[]; values: Float32Array }> = {
    filter: { shape: [3, 3, 3, 4], values: values(108, 1, 1) },
    bias: { shape: [4], values: values(4, 2, 1) },
    six: { shape: [], values: Float32Array.of(overrides.upper ?? 6) },
    zero: { shape: [], values: Float32Array.of(0) },
    kernel: { shape: [3, 3, 4, 2], values: values(72, 3, 1) },
    scale: { shape: [8], values: values(8, 4, 2) },
    shift: { shape: [8], values: values(8, 5, 1) },
  };
  const nodes: GraphNode[] = [
    {
      name: 'input',
      op: 'Placeholder',
      attr: {
        dtype: { type: 'DT_FLOAT' },
        shape: { shape: { dim: [1, 6, 6, 3].map((size) => ({ size: String(size) })) } },
      },
    },
    ...Object.entries(constants).map(([name, value]) => floatConstNode(name, value.shape)),
    node('Conv2D', 'conv', 'input', 'filter'),
    node('Add', 'conv/bias', 'conv', 'bias'),
    node('Relu', 'conv/relu', 'conv/bias'),
    node('Minimum', 'conv/min', 'conv/relu', 'six'),
    node('Maximum', 'block1', 'conv/min', 'zero'),
    node('DepthwiseConv2dNative', 'dw', 'block1', 'kernel'),
    node('Mul', 'dw/scale', 'dw', 'scale'),
    node('AddV2', 'dw/shift', 'shift', 'dw/scale'),
    node('Relu', 'dw/relu', 'dw/shift'),
    node('Maximum', 'dw/max', 'dw/relu', 'zero'),
    node('Minimum', 'block2', 'dw/max', 'six'),
    ...(overrides.extra ?? []),
  ];
  return { nodes, constants };
}

async function graphModel(
  nodes: GraphNode[],
  constants: Record<string, { shape: number[]; values: Float32Array }>,
) {
  const tensors = Object.fromEntries(
    Object.entries(constants).map(([name, value]) => [name, tf.tensor(value.values, value.shape)]),
  );
  const { data, specs } = await tf.io.encodeWeights(tensors);
  tf.dispose(Object.values(tensors));
  return {
    format: 'graph-model',
    modelTopology: { node: nodes, versions: { producer: 1 } },
    weightSpecs: specs,
    weightData: data,
  } satisfies TF.io.ModelArtifacts;
}

async function run(artifacts: TF.io.ModelArtifacts, input: TF.Tensor, outputs: string[]) {
  const model = await converter.loadGraphModel(tf.io.fromMemory(artifacts));
  const result = [model.execute(input, outputs)].flat();
  const arrays = result.map((tensor) => tensor.dataSync() as Float32Array);
  tf.dispose(result);
  model.dispose();
  return arrays;
}

const constantMap =
  (constants: Record<string, { shape: number[]; values: Float32Array }>) => (name: string) =>
    constants[name];
const opsOf = (nodes: readonly GraphNode[]) =>
  nodes.filter((n) => n.op !== 'Const').map((n) => n.op);

describe('fuseConvolutionBlocks', () => {
  it('turns conv → bias → ReLU6 and depthwise → scale → shift → ReLU6 into two fused convolutions', () => {
    const { nodes, constants } = kerasBlocks();
    const graph = fuseConvolutionBlocks(nodes, constantMap(constants));
    expect(graph.fused).toBe(2);
    expect(opsOf(graph.nodes)).toEqual([
      'Placeholder',
      '_FusedConv2D',
      'FusedDepthwiseConv2dNative',
    ]);
    // The last node's name survives, so whatever read it still does.
    expect(graph.nodes.find((n) => n.name === 'block2')?.input).toEqual([
      'block1',
      'dw/scaled_filter',
      'shift',
    ]);
    // The scale is folded into a new filter; its own constant and the scalars go.
    expect([...graph.added.keys()]).toEqual(['dw/scaled_filter']);
    const constantsLeft = graph.nodes.filter((n) => n.op === 'Const').map((n) => n.name);
    expect(constantsLeft.sort()).toEqual(['bias', 'dw/scaled_filter', 'filter', 'shift']);
  });

  it('computes what the unfused graph computes (wasm backend, values well past 0 and 6)', async () => {
    const { nodes, constants } = kerasBlocks();
    const input = tf.tensor(values(108, 9, 4), [1, 6, 6, 3]);
    const original = await graphModel(nodes, constants);
    const fused = fusedArtifacts(original);
    expect(opsOf((fused.modelTopology as { node: GraphNode[] }).node)).not.toContain('Minimum');
    const [before] = await run(original, input, ['block2']);
    const [after] = await run(fused, input, ['block2']);
    input.dispose();
    const clipped = [...(before as Float32Array)].filter((v) => v === 0 || v === 6).length;
    expect(clipped).toBeGreaterThan(10);
    expect(after).toHaveLength(before?.length ?? -1);
    for (const [i, value] of (before as Float32Array).entries())
      expect(after?.[i]).toBeCloseTo(value, 4);
  });

  it('leaves a chain alone when an inner result is read elsewhere, is an output, or the clamp is not 6', () => {
    const tapped = kerasBlocks({ extra: [node('Relu', 'tap', 'conv/relu')] });
    expect(fuseConvolutionBlocks(tapped.nodes, constantMap(tapped.constants)).fused).toBe(1);
    const asOutput = kerasBlocks();
    expect(
      fuseConvolutionBlocks(asOutput.nodes, constantMap(asOutput.constants), ['dw/relu:0']).fused,
    ).toBe(1);
    const relu5 = kerasBlocks({ upper: 5 });
    const graph = fuseConvolutionBlocks(relu5.nodes, constantMap(relu5.constants));
    expect(graph.fused).toBe(0);
    expect(graph.nodes).toEqual(relu5.nodes);
  });
});

describe('FaceRes, fused at load', () => {
  it('fuses all 27 blocks and gives the same embedding as the published graph', async () => {
    requireMedia();
    const humanDist = dirname(require.resolve('@vladmandic/human'));
    const path = join(humanDist, '..', 'models', 'faceres.json');
    const original = await readModel(path, { fuse: false });
    const fused = await readModel(path);
    const fusedOps = opsOf((fused.modelTopology as { node: GraphNode[] }).node);
    expect(fusedOps.filter((op) => op === '_FusedConv2D')).toHaveLength(14);
    expect(fusedOps.filter((op) => op === 'FusedDepthwiseConv2dNative')).toHaveLength(13);
    expect(fusedOps).not.toContain('Minimum');

    // Person A's face, as FaceRes sees it: 224×224 RGB in 0–1.
    const { data } = await sharp(PHOTOS.personA)
      .removeAlpha()
      .extract({ left: 120, top: 30, width: 210, height: 210 })
      .resize(224, 224)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const input = tf.tensor(
      Float32Array.from(data, (v) => v / 255),
      [1, 224, 224, 3],
    );
    const [before] = await run(original, input, ['global_pooling/Mean']);
    const [after] = await run(fused, input, ['global_pooling/Mean']);
    input.dispose();
    expect(after).toHaveLength(1024);
    expect(cosineSimilarity(before as Float32Array, after as Float32Array)).toBeGreaterThan(
      0.99999,
    );
  });
});
