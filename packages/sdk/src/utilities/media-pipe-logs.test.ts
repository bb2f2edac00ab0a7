import { describe, expect, it } from 'vitest';
import { mediaPipeLogLevel } from './media-pipe-logs.js';

describe("MediaPipe's wasm logs", () => {
  it('sends start-up chatter to debug, not to the console as errors', () => {
    for (const line of [
      'INFO: Created TensorFlow Lite XNNPACK delegate for CPU.',
      'I1202 19:43:14.908999 2172416 gl_context.cc:408] GL version: 3.0',
      'W1202 19:43:14.913999 2172416 gl_context.cc:1135] OpenGL error checking is disabled',
    ])
      expect(mediaPipeLogLevel(line), line).toBe('debug');
  });

  it('keeps errors errors, and anything unknown a warning', () => {
    expect(mediaPipeLogLevel('E1202 12:00:00.000000 1 calculator_graph.cc:1] failed')).toBe(
      'error',
    );
    expect(mediaPipeLogLevel('ERROR: tflite could not allocate tensors')).toBe('error');
    expect(mediaPipeLogLevel('something else')).toBe('warn');
  });
});
