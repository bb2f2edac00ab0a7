import { defineConfig } from 'vite';

export default defineConfig({
  base: '/react/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
