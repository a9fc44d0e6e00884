/**
 * Ships h5wasm's WebAssembly as its own `.wasm` file instead of inside JavaScript.
 *
 * h5wasm's ESM build embeds its 4 MB WASM module as a string literal in `dist/esm/hdf5_util.js`
 * (Emscripten SINGLE_FILE: `findWasmBinary(){return binaryDecode('…')}`). A worker loading it must
 * parse a 4.7 MB script and compile the module from bytes, which Chromium can neither do while
 * downloading nor keep in its code cache. This plugin
 * - serves that file as `virtual:h5wasm-factory` with the literal removed (≈150 kB; its factory is
 *   then called with Emscripten's `instantiateWasm` hook, see src/extractors/hdf5/h5wasm-web.ts),
 * - and the decoded bytes as `hdf5_util.wasm`, whose URL `virtual:h5wasm-wasm-url` exports: an
 *   asset of the build (precached by the service worker), served from memory by the dev server.
 * The bytes are checked (`\0asm` magic) so that an h5wasm update that changes the embedding fails
 * the build instead of shipping a broken module.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const FACTORY_ID = 'virtual:h5wasm-factory';
const URL_ID = 'virtual:h5wasm-wasm-url';
const DEV_PATH = '/@h5wasm/hdf5_util.wasm';
const MARKER = 'function findWasmBinary(){return binaryDecode(';

/** h5wasm's ESM module text without its embedded WASM, and the WASM bytes. */
function split(): { code: string; wasm: Uint8Array } {
  const text = readFileSync(join(import.meta.dirname, '../node_modules/h5wasm/dist/esm/hdf5_util.js'), 'utf8');
  const at = text.indexOf(MARKER);
  if (at < 0) throw new Error(`h5wasm: embedded WASM not found (no "${MARKER}" in dist/esm/hdf5_util.js)`);
  const open = at + MARKER.length;
  const quote = text[open];
  let end = open + 1;
  while (text[end] !== quote) end += text[end] === '\\' ? 2 : 1;
  // The literal is plain JS string syntax; the file is h5wasm's own (a pinned dependency).
  const literal = (0, eval)(text.slice(open, end + 1)) as string;
  // Emscripten's binaryDecode: each char code c gives the byte ~c >> 8 & c.
  const wasm = new Uint8Array(literal.length);
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    wasm[i] = (~c >> 8) & c;
  }
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error('h5wasm: the embedded literal is not a WASM module');
  const code = `${text.slice(0, open)}''${text.slice(end + 1)}`.replace(`${MARKER}'')`, 'function findWasmBinary(){throw new Error("h5wasm: instantiateWasm expected")');
  return { code, wasm };
}

/** The Vite plugin (also needed in `worker.plugins`: the worker imports h5wasm). */
export function h5wasmWasm(): Plugin {
  let parts: ReturnType<typeof split> | undefined;
  const get = () => (parts ??= split());
  let serving = false;
  return {
    name: 'metaextract-h5wasm-wasm',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId(id) {
      return id === FACTORY_ID || id === URL_ID ? `\0${id}` : null;
    },
    load(id) {
      if (id === `\0${FACTORY_ID}`) return { code: get().code, map: null };
      if (id !== `\0${URL_ID}`) return null;
      if (serving) return `export default ${JSON.stringify(DEV_PATH)};`;
      const ref = this.emitFile({ type: 'asset', name: 'hdf5_util.wasm', source: get().wasm });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use(DEV_PATH, (_req, res) => {
        res.setHeader('Content-Type', 'application/wasm');
        res.end(get().wasm);
      });
    },
  };
}
