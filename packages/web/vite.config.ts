import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The SPA is served by the Tasuki server from dist/; in dev, Vite proxies the API to it. */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://localhost:3000", changeOrigin: false } },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
