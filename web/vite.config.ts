import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
// Keep the browser's Host header (changeOrigin false): the API refuses a login whose Origin host differs
// from Host, and the string shorthand would rewrite Host to :3000.
const api = { target: 'http://127.0.0.1:3000', changeOrigin: false };

// Root is web/, output web/dist (the server serves it). Libraries go into their own chunks so an
// app change does not bust the cached antd/react bundles.
export default defineConfig({
  root,
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: { '/api': api, '/metrics': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|@babel)[\\/]/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
});
