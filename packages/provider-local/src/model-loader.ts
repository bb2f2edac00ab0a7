import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';
import {
  type ConstantLookup,
  type FloatConstant,
  fuseConvolutionBlocks,
  type GraphNode,
} from './graph-fusion.js';
import { floatValues, joinWeights, type StoredWeight, splitWeights } from './weights.js';

const require = createRequire(import.meta.url);
/** The CommonJS tfjs-core: the very instance Human's Node build registers its backend on. */
const tf = require('@tensorflow/tfjs-core') as typeof TF;

interface ModelJson {
  modelTopology: { node?: GraphNode[] } & Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[];
  signature?: { outputs?: Record<string, unknown> } & Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
}

/** Float32 weights by name, each decoded on its first read only (most never are). */
function lazyConstants(stored: readonly StoredWeight[]): ConstantLookup {
  const byName = new Map(stored.map((weight) => [weight.spec.name, weight]));
  const decoded = new Map<string, FloatConstant | undefined>();
  return (name) => {
    if (!decoded.has(name)) {
      const weight = byName.get(name);
      let values: Float32Array | null | undefined;
      const read = () => {
        values ??= weight ? floatValues(weight) : null;
        return values;
      };
      decoded.set(
        name,
        weight?.spec.dtype === 'float32'
          ? {
              shape: weight.spec.shape,
              get values() {
                return read() as Float32Array;
              },
            }
          : undefined,
      );
    }
    return decoded.get(name);
  };
}

/**
 * The artifacts of a graph model with its convolution blocks fused
 * ({@link fuseConvolutionBlocks}); the same artifacts when nothing matched.
 * Untouched weights keep their stored bytes (quantized or not); a folded
 * filter is stored as float32.
 */
export function fusedArtifacts(artifacts: TF.io.ModelArtifacts): TF.io.ModelArtifacts {
  const topology = artifacts.modelTopology as ModelJson['modelTopology'] | undefined;
  const data = artifacts.weightData;
  if (!topology?.node || !artifacts.weightSpecs || !(data instanceof ArrayBuffer)) return artifacts;
  const stored = splitWeights(artifacts.weightSpecs, data);
  if (!stored) return artifacts;
  const outputs = Object.keys((artifacts.signature as ModelJson['signature'])?.outputs ?? {});
  const graph = fuseConvolutionBlocks(topology.node, lazyConstants(stored), outputs);
  if (graph.fused === 0) return artifacts;
  const live = new Set(graph.nodes.map((node) => node.name));
  const added = [...graph.added].map(([name, value]) => ({
    spec: { name, shape: [...value.shape], dtype: 'float32' as const },
    bytes: new Uint8Array(value.values.buffer, value.values.byteOffset, value.values.byteLength),
  }));
  const weights = joinWeights([...stored.filter((weight) => live.has(weight.spec.name)), ...added]);
  return {
    ...artifacts,
    modelTopology: { ...topology, node: graph.nodes },
    weightSpecs: weights.specs,
    weightData: weights.data,
  };
}

/**
 * Loads TensorFlow.js models from `file://` URLs, fused
 * ({@link fusedArtifacts}). Without tfjs-node (whose install downloads
 * binaries) TensorFlow.js has no file loader; this one keeps every model on
 * local disk, so nothing is fetched from a network.
 */
export function fileLoader(
  url: string | string[],
  options: { fuse?: boolean } = {},
): TF.io.IOHandler | null {
  const first = Array.isArray(url) ? url[0] : url;
  if (typeof first !== 'string' || !first.startsWith('file://')) return null;
  return { load: () => readModel(new URL(first).pathname, options) };
}

/** A model.json and its weight files, as the artifacts TensorFlow.js loads. */
export async function readModel(path: string, options: { fuse?: boolean } = {}) {
  const json = JSON.parse(await readFile(path, 'utf8')) as ModelJson;
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(
    json.weightsManifest.flatMap((group) =>
      group.paths.map((file) => readFile(join(dirname(path), file))),
    ),
  );
  const weights = Buffer.concat(buffers);
  const { weightsManifest: _manifest, ...described } = json;
  // JSON has no undefined values: every key present is a field of the artifacts.
  const artifacts = {
    ...described,
    weightSpecs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  } as TF.io.ModelArtifacts;
  return options.fuse === false ? artifacts : fusedArtifacts(artifacts);
}

let fuseLoads = true;
let registered = false;

/**
 * Registers {@link fileLoader} with the tfjs-core instance Human uses, once
 * per thread (two routers for one URL make TensorFlow.js refuse to load);
 * `fuse` applies to every model this thread loads from then on.
 */
export function registerFileLoader(options: { fuse?: boolean } = {}): void {
  fuseLoads = options.fuse !== false;
  if (registered) return;
  registered = true;
  const router = (url: string | string[]) => fileLoader(url, { fuse: fuseLoads });
  // TensorFlow.js's routers return null for URLs they do not handle, as this one does.
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}
