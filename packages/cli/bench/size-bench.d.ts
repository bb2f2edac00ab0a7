export {};
//# sourceMappingURL=size-bench.d.ts.map
