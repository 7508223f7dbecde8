/// <reference types="node" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';

/**
 * Cross-origin isolation: without it browsers coarsen `performance.now()` (to 100 µs in
 * Chromium, 1 ms in Firefox), too coarse for one append's latency.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** A built benchmark page served on localhost. */
export interface ServedPage {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds the page whose `index.html` lives in `root` (a production build, as users get it)
 * into a temporary directory and serves it with `vite preview` on a free localhost port.
 */
export async function servePage(root: string): Promise<ServedPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-build-'));
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    worker: { format: 'es' },
  });
  let server: PreviewServer;
  try {
    server = await preview({
      root,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 5190, strictPort: false, headers: isolationHeaders },
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview started without a local URL.');
  return {
    url,
    close: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
