/**
 * Builds the demo app: the page (index.html), its worker (followed from the library), and
 * the service worker at `/sw.js` with the list of files it precaches written into it.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const demo = fileURLToPath(new URL('.', import.meta.url));
const SW_ENTRY = 'sw';
const PLACEHOLDER = '__PRECACHE__';

export default defineConfig({
  root: demo,
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  resolve: {
    alias: { 'offline-eventstore': fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      input: { index: `${demo}index.html`, [SW_ENTRY]: `${demo}sw/sw.ts` },
      output: {
        entryFileNames: (chunk) => (chunk.name === SW_ENTRY ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  plugins: [precacheList()],
});

/** Writes every built file (and every public file) into the service worker's precache list. */
function precacheList(): Plugin {
  return {
    name: 'demo-precache-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sw = Object.values(bundle).find(
        (file) => file.type === 'chunk' && file.fileName === 'sw.js',
      );
      if (sw?.type !== 'chunk' || !sw.code.includes(PLACEHOLDER)) {
        throw new Error(`sw.js must reference ${PLACEHOLDER} exactly once.`);
      }
      const built = Object.keys(bundle).filter(
        (name) => name !== 'sw.js' && !name.endsWith('.map'),
      );
      const files = ['/', ...[...built, ...publicFiles()].map((name) => `/${name}`)].sort();
      sw.code = sw.code.replace(PLACEHOLDER, JSON.stringify(files));
    },
  };
}

function publicFiles(): string[] {
  return readdirSync(`${demo}public`, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      `${entry.parentPath.slice(`${demo}public`.length).replace(/^\/?/, '')}/${entry.name}`.replace(
        /^\//,
        '',
      ),
    );
}
