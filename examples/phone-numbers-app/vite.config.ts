import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Served from anywhere (a test's static server, the mock's origin): no absolute asset paths.
  base: './',
  build: { outDir: 'dist', sourcemap: true },
});
