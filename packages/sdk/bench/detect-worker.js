// Classic worker for the main-thread-vs-worker measurement of `pnpm bench:detect`:
// receives 320x240 ImageBitmaps, runs FaceDetector (VIDEO mode) and the frame
// statistics' pixel read, answers when done. Loaded by detect-page.ts.
let detector;
let canvas;
let context;
let timestamp = 0;
self.onmessage = async (event) => {
  if (event.data.assets) {
    try {
      importScripts(`${event.data.assets}vision_bundle_worker.js`);
      const manifest = await (await fetch(`${event.data.assets}manifest.json`)).json();
      detector = await self.Vision.FaceDetector.createFromOptions(
        {
          wasmLoaderPath: event.data.assets + manifest['vision_wasm_internal.js'],
          wasmBinaryPath: event.data.assets + manifest['vision_wasm_internal.wasm'],
        },
        {
          baseOptions: {
            modelAssetPath: event.data.assets + manifest['face_detection_short_range.tflite'],
            delegate: 'CPU',
          },
          runningMode: 'VIDEO',
        },
      );
      canvas = new OffscreenCanvas(320, 240);
      context = canvas.getContext('2d', { willReadFrequently: true });
      self.postMessage('ready');
    } catch (error) {
      self.postMessage(String(error));
    }
    return;
  }
  const { bitmap } = event.data;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const result = detector.detectForVideo(canvas, ++timestamp);
  if (result.detections.length) context.getImageData(0, 0, 320, 240);
  self.postMessage(result.detections.length);
};
