// Builds the web app into web/dist, which `brigade serve` serves. `npm start`, `npm test` and
// `npm run brigade` build it when its sources changed (scripts/build-web.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
});
