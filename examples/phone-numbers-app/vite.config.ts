import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * MSW's service worker script, from the installed msw, at the app's root (what `msw init` would copy into
 * public/): served in dev and emitted in the build, so the file always matches the library's version.
 */
function mswWorker(): Plugin {
  const source = () => readFileSync(fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js')), 'utf8');
  return {
    name: 'msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_req, res) => {
        res.setHeader('content-type', 'text/javascript');
        res.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'mockServiceWorker.js', source: source() });
    },
  };
}

export default defineConfig({
  plugins: [react(), mswWorker()],
  // Served from anywhere (a test's static server, the mock's origin): no absolute asset paths.
  base: './',
  // The in-browser mock's chunk (spec, ajv, msw: about 570 kB) loads only with ?mock=browser.
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 800 },
});
