import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { manifestAccept } from './src/extractors/file-types.ts';
import { h5wasmWasm } from './scripts/vite-h5wasm.ts';

/**
 * The built app's Content Security Policy. Files' bytes and metadata never leave the machine:
 * connections only to the app's own origin (the service worker's precache), no inline or
 * eval'd script (WebAssembly compilation only, for h5wasm), no plugins, no frames, no forms, no
 * <base>. Set as a <meta> in index.html for any static host (covers the page) and as a header by
 * `vite preview` (covers the workers too: CSP 3 §4.2.2, workers take the policy of their own
 * response). Styles are the app's own files only (a `style` attribute would need 'unsafe-inline').
 * Images may be `blob:` URLs: the duplicates view's thumbnails, object URLs of the user's own
 * files (src/app/lib/thumbnails.ts), which never touch the network.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP <meta> to the built index.html (not in dev: Vite's dev client injects styles inline). */
const cspMeta = (): Plugin => ({
  name: 'metaextract-csp',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
});

export default defineConfig({
  plugins: [
    svelte(),
    cspMeta(),
    h5wasmWasm(),
    VitePWA({
      // A new version waits for the user (app-update.svelte.ts registers the service worker).
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'MetaExtract',
        short_name: 'MetaExtract',
        description: 'Private, offline metadata for photos, camera RAW, PDF, audio, video, DICOM, FITS, HDF5, NetCDF and GeoTIFF files.',
        theme_color: '#1f6feb',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        // Installed, the app opens the files the user opens with it from the operating system
        // (main.ts reads them from window.launchQueue), in the window already open if there is one.
        file_handlers: [{ action: '/', accept: manifestAccept() }],
        launch_handler: { client_mode: 'focus-existing' },
      },
      // Icons (favicon.ico, 64/192/512 px PNGs, a maskable and an Apple touch icon) generated at
      // build time from the one source image public/favicon.svg by @vite-pwa/assets-generator
      // (preset minimal-2023), added to the manifest and to index.html's head.
      pwaAssets: { image: 'public/favicon.svg', preset: 'minimal-2023', overrideManifestIcons: true },
      workbox: {
        // h5wasm's WASM module is 4 MB; the default 2 MiB limit is a build error.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        globPatterns: ['**/*.{js,css,html,svg,png,ico,wasm}'],
        navigateFallback: '/index.html',
        // The first version controls the page it was installed from (so it works offline without a
        // reload); later versions wait for the user (no skipWaiting).
        clientsClaim: true,
      },
    }),
  ],
  // ES module workers keep each format's libraries in lazy chunks (the default 'iife' inlines all).
  // The worker loads h5wasm, whose WASM ships as its own file (scripts/vite-h5wasm.ts).
  worker: { format: 'es', plugins: () => [h5wasmWasm()] },
  // Found only at runtime in the worker otherwise, which reloads dev mid-batch.
  optimizeDeps: { include: ['comlink', 'dicom-parser', 'dcmjs/dictionary', 'dicom-character-set', 'exifr', 'geotiff', 'idb', 'papaparse'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP } },
  server: { port: 5173 },
});
