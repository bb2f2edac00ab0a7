/** Writes `file.br` beside `file` (highest brotli setting, cached by content hash). */
export declare function precompress(file: string): void;
/** Precompresses every JS, wasm, model and JSON file below `directory`, skipping folders named in `skip`. */
export declare function precompressAll(directory: string, skip?: readonly string[]): void;
