/**
 * Where the demo's files are, found from this module's own location so that the launcher
 * works from its source (tests) and from its build in `.data/build/demo` alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module that holds `demo/vite.config.ts`. */
export function repositoryRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'demo', 'vite.config.ts'))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`No demo/vite.config.ts above ${from}: run the demo from the repository.`);
    }
  }
}

/** The demo's Vite config file. */
export function viteConfigFile(root = repositoryRoot()): string {
  return join(root, 'demo', 'vite.config.ts');
}

/**
 * The compiled sync server entry, which `tsc -p demo` builds next to this module's own build
 * (`<outDir>/demo/server/paths.js` → `<outDir>/server/main.js`).
 */
export function syncServerMain(): string {
  return fileURLToPath(new URL('../../server/main.js', import.meta.url));
}
