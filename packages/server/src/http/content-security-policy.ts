/**
 * A strict Content-Security-Policy that Reverify works under (the bin sends
 * it with the pages it serves): everything self-hosted; `'wasm-unsafe-eval'` is the only addition, for MediaPipe's
 * WebAssembly; `blob:` for the captured photo's preview.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "style-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');
