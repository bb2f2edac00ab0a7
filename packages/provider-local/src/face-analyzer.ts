import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Human } from '@vladmandic/human';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

/** Long edge, in pixels, of the image the models analyse. */
const ANALYSIS_EDGE = 640;

/** One face the analyzer found. */
export interface FaceSummary {
  /** Detector confidence 0–1. */
  readonly score: number;
  /** Box width as a fraction of the image width. */
  readonly width: number;
}

/** What the analyzer found in one image. */
export interface Analysis {
  readonly faces: readonly FaceSummary[];
  /** The FaceRes descriptor (1024 floats) of the face, when exactly one face was found. */
  readonly embedding: Float32Array | null;
  /** Milliseconds of analysis (decode excluded). */
  readonly ms: number;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
  signature?: unknown;
  userDefinedMetadata?: unknown;
  modelInitializer?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
}

/**
 * Loads TensorFlow.js models from `file://` URLs. Without tfjs-node (whose
 * install downloads binaries) TensorFlow.js has no file loader; this one
 * keeps every model on local disk, so nothing is fetched from a network.
 */
function fileLoader(url: string | string[]) {
  const first = Array.isArray(url) ? url[0] : url;
  if (typeof first !== 'string' || !first.startsWith('file://')) return null;
  return {
    async load() {
      const path = new URL(first).pathname;
      const json = JSON.parse(await readFile(path, 'utf8')) as ModelJson;
      const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
      const buffers = await Promise.all(
        json.weightsManifest.flatMap((group) =>
          group.paths.map((file) => readFile(join(dirname(path), file))),
        ),
      );
      const weights = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: weights.buffer.slice(
          weights.byteOffset,
          weights.byteOffset + weights.byteLength,
        ),
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      };
    },
  };
}

/**
 * Human (@vladmandic/human) on TensorFlow.js's wasm backend, with the
 * BlazeFace, FaceMesh and FaceRes models that ship inside its npm package.
 * The wasm binaries and the models load from `node_modules`, never a CDN.
 */
export async function createFaceAnalyzer(): Promise<{
  analyse(jpeg: Uint8Array): Promise<Analysis>;
}> {
  const humanDist = dirname(require.resolve('@vladmandic/human'));
  // The Node wasm build is not an exported subpath, so it is loaded by file.
  const { Human: HumanClass } = require(join(humanDist, 'human.node-wasm.js')) as {
    Human: new (config: object) => Human;
  };
  const tf = require('@tensorflow/tfjs-core') as {
    io: { registerLoadRouter(router: typeof fileLoader): void };
  };
  tf.io.registerLoadRouter(fileLoader);
  const human = new HumanClass({
    backend: 'wasm',
    wasmPath: `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`,
    wasmPlatformFetch: false,
    modelBasePath: `file://${join(humanDist, '..', 'models')}/`,
    debug: false,
    // Still images: no frame-to-frame caching or skipping.
    cacheSensitivity: 0,
    warmup: 'none',
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 5, minConfidence: 0.5, skipFrames: 0 },
      // The mesh's face score is the second opinion that keeps BlazeFace's false faces (a cat) out.
      mesh: { enabled: true },
      description: { enabled: true, skipFrames: 0 },
      iris: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      attention: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  });
  await human.load();
  await human.tf.ready();
  // Selfies must not linger in libvips' cache, and the pool already uses every core.
  sharp.cache(false);
  sharp.concurrency(1);

  return {
    async analyse(jpeg) {
      // The models see at most 256 pixels; past 640 a larger input only costs tensor work.
      const { data, info } = await sharp(jpeg)
        .resize(ANALYSIS_EDGE, ANALYSIS_EDGE, { fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const started = performance.now();
      const tensor = human.tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
      try {
        const result = await human.detect(tensor as never);
        const faces = result.face.map((face) => ({
          score: face.faceScore || face.boxScore,
          width: face.box[2] / info.width,
        }));
        const embedding =
          result.face.length === 1 && result.face[0]?.embedding?.length
            ? Float32Array.from(result.face[0].embedding)
            : null;
        return { faces, embedding, ms: performance.now() - started };
      } finally {
        tensor.dispose();
      }
    },
  };
}
