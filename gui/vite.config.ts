import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The host serves the built app under /ui/ (host/src/gui), so every asset URL is relative to that base.
// During `npm run dev -w gui`, /api calls are proxied to a host running on the default port.
export default defineConfig({
  base: '/ui/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        // Keep the heavy libraries in their own long-cached chunks.
        manualChunks: {
          echarts: ['echarts', 'vue-echarts'],
          naive: ['naive-ui'],
          flow: ['@vue-flow/core', '@vue-flow/background', '@vue-flow/controls'],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8686',
      '/track': 'http://localhost:8686',
      '/collect': 'http://localhost:8686',
      '/tracker': 'http://localhost:8686',
    },
  },
});
