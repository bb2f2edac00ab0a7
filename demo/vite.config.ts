import { defineConfig } from 'vite';

// `pnpm --filter @reverify/demo dev` proxies the API to a running
// `reverify-server --playground` (default port 8787).
const server = process.env.REVERIFY_SERVER ?? 'http://127.0.0.1:8787';

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { proxy: { '/v1': server, '/sdk': server, '/playground': server } },
});
