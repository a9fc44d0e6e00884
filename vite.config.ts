import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// Settings and their reasons: ../shared/TOOLCHAIN.md §1 and §9.
export default defineConfig({
  plugins: [
    svelte(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'auto',
      manifest: {
        name: 'MetaExtract',
        short_name: 'MetaExtract',
        description: 'Private, offline metadata for photos, DICOM, FITS, HDF5, NetCDF and GeoTIFF files.',
        theme_color: '#1f6feb',
        background_color: '#ffffff',
        display: 'standalone',
      },
      workbox: {
        // h5wasm's chunk (WASM embedded) is 4.8 MB; the default 2 MiB limit is a build error.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        globPatterns: ['**/*.{js,css,html,svg,png,wasm}'],
        navigateFallback: '/index.html',
      },
    }),
  ],
  // ES module workers keep each format's libraries in lazy chunks (the default 'iife' inlines all).
  worker: { format: 'es' },
  // Found only at runtime in the worker otherwise, which reloads dev mid-batch.
  optimizeDeps: { include: ['comlink', 'dicom-parser', 'dcmjs/dictionary', 'dicom-character-set', 'exifr', 'geotiff', 'h5wasm', 'netcdfjs', 'idb', 'papaparse'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
