/** h5wasm's Emscripten module factory without its embedded WASM (scripts/vite-h5wasm.ts). */
declare module 'virtual:h5wasm-factory' {
  const factory: (options: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
/** URL of h5wasm's WASM module, an asset of the build (scripts/vite-h5wasm.ts). */
declare module 'virtual:h5wasm-wasm-url' {
  const url: string;
  export default url;
}
