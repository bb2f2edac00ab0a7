/** What a TypeScript entry loads, transitively: local files (relative to `root`) and bare packages. */
export declare function importGraph(
  root: string,
  entry: string,
): { files: Set<string>; packages: Set<string> };
