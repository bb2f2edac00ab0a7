import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Human } from '@vladmandic/human';
import sharp from 'sharp';
import { registerFileLoader } from './model-loader.js';

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

/** How the head of a single face is turned, from Human's face mesh. */
export interface HeadPose {
  /** Degrees; Human's mesh-based rotation. */
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
  /**
   * The nose tip's offset from the eye midpoint along the eye line, divided
   * by the inter-ocular distance (roll-corrected, dimensionless): about 0
   * facing the camera, changing with yaw as much as a real head's depth
   * makes it — far more than a flat picture turned in front of the camera.
   */
  readonly parallax: number;
}

/** What the analyzer found in one image. */
export interface Analysis {
  readonly faces: readonly FaceSummary[];
  /** The FaceRes descriptor (1024 floats) of the face, when exactly one face was found. */
  readonly embedding: Float32Array | null;
  /** The head pose of the face, when exactly one face was found. */
  readonly pose: HeadPose | null;
  /** Human's passive liveness score (0–1) of the face, when exactly one face was found: a weak signal. */
  readonly live: number | null;
  /** The face mesh (468 points, pixels of the analysed image, with depth), on request only. */
  readonly mesh?: readonly (readonly [number, number, number])[];
  /** Milliseconds of analysis (decode excluded). */
  readonly ms: number;
}

/** Mesh points: the nose tip, and the corners of each eye. */
const NOSE_TIP = 1;
const RIGHT_EYE = [33, 133] as const;
const LEFT_EYE = [362, 263] as const;

/** {@link HeadPose.parallax} from a face mesh (pure). */
export function meshParallax(mesh: readonly (readonly (number | undefined)[])[]): number {
  const point = (i: number) => (mesh[i] ?? []) as readonly number[];
  const mid = (a: number, b: number) =>
    [
      ((point(a)[0] as number) + (point(b)[0] as number)) / 2,
      ((point(a)[1] as number) + (point(b)[1] as number)) / 2,
    ] as const;
  const right = mid(...RIGHT_EYE);
  const left = mid(...LEFT_EYE);
  const centre = [(right[0] + left[0]) / 2, (right[1] + left[1]) / 2] as const;
  const axis = [left[0] - right[0], left[1] - right[1]] as const;
  const distance = Math.hypot(axis[0], axis[1]);
  if (distance === 0) return 0;
  const nose = point(NOSE_TIP);
  return (
    (((nose[0] as number) - centre[0]) * axis[0] + ((nose[1] as number) - centre[1]) * axis[1]) /
    (distance * distance)
  );
}

const DEGREES = 180 / Math.PI;

/**
 * Human (@vladmandic/human) on TensorFlow.js's wasm backend, with the
 * BlazeFace, FaceMesh and FaceRes models that ship inside its npm package.
 * The wasm binaries and the models load from `node_modules`, never a CDN.
 */
export async function createFaceAnalyzer(
  options: {
    /** Fuse the models' conv blocks as they load (`fusedArtifacts`); default true. */
    fuseModels?: boolean;
  } = {},
): Promise<{
  analyse(jpeg: Uint8Array, options?: { withMesh?: boolean }): Promise<Analysis>;
  /** Human's face-mesh triangles (indices into the mesh, three per triangle). */
  readonly triangulation: readonly number[];
}> {
  const humanDist = dirname(require.resolve('@vladmandic/human'));
  // The Node wasm build is not an exported subpath, so it is loaded by file.
  const { Human: HumanClass } = require(join(humanDist, 'human.node-wasm.js')) as {
    Human: new (config: object) => Human;
  };
  registerFileLoader({ fuse: options.fuseModels !== false });
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
      // A weak passive signal: it may send a presence check to review, never pass one.
      liveness: { enabled: true, skipFrames: 0 },
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
    triangulation: (human as unknown as { faceTriangulation: number[] }).faceTriangulation,
    async analyse(jpeg, options = {}) {
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
        const single = result.face.length === 1 ? result.face[0] : undefined;
        const embedding = single?.embedding?.length ? Float32Array.from(single.embedding) : null;
        const angle = single?.rotation?.angle;
        const pose =
          single && angle && single.mesh.length >= 468
            ? {
                yaw: angle.yaw * DEGREES,
                pitch: angle.pitch * DEGREES,
                roll: angle.roll * DEGREES,
                parallax: meshParallax(single.mesh),
              }
            : null;
        return {
          faces,
          embedding,
          pose,
          live: typeof single?.live === 'number' ? single.live : null,
          ...(options.withMesh && single
            ? { mesh: single.mesh.map((p) => [p[0], p[1], p[2] ?? 0] as const) }
            : {}),
          ms: performance.now() - started,
        };
      } finally {
        tensor.dispose();
      }
    },
  };
}
