/**
 * The console level of one line MediaPipe's wasm writes (pure). Its glog
 * lines (`I1202 …`, `W1202 …`) and TensorFlow Lite's `INFO:` lines are
 * start-up chatter, so they go to `console.debug`; only errors stay errors,
 * and anything else is a warning.
 */
export function mediaPipeLogLevel(line: string): 'debug' | 'warn' | 'error' {
  if (/^(?:[IW]\d{4} |INFO:|WARNING:)/.test(line)) return 'debug';
  if (/^(?:[EF]\d{4} |ERROR:|FATAL:)/.test(line)) return 'error';
  return 'warn';
}
