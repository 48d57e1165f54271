import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; the server serves dist/client and index.html for every non-/api path.
// In development, Vite serves the client and passes the API and the socket to the server.
const server = process.env.ACCORD_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      // Anchored patterns: a bare '/api' prefix would also swallow the module /api.ts.
      '^/api/': { target: server, changeOrigin: false },
      '^/collab/': { target: server, ws: true, changeOrigin: false },
    },
  },
});
