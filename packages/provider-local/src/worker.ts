/**
 * A worker of the local matcher's pool: loads the models once, at start-up,
 * then analyses one image per task.
 */
import { workerData } from 'piscina';
import { type Analysis, createFaceAnalyzer } from './face-analyzer.js';

const analyzer = await createFaceAnalyzer({
  fuseModels: (workerData as { fuseModels?: boolean } | undefined)?.fuseModels !== false,
});

/** One task: a sanitized JPEG (optionally with its face mesh), or a warm-up ping. */
export default async function analyse(task: {
  jpeg?: Uint8Array;
  withMesh?: boolean;
}): Promise<Analysis | null> {
  return task.jpeg ? analyzer.analyse(task.jpeg, { withMesh: task.withMesh === true }) : null;
}
