// Runs push.bench.ts under Vite's module runner, so that Node 20 runs the TypeScript driver
// without a build step (the server itself is compiled with tsc, as `npm run server` does):
// `npm run bench:sync [-- --rounds N]`.
import { URL, fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

await runnerImport(fileURLToPath(new URL('./push.bench.ts', import.meta.url)), {
  configFile: false,
  logLevel: 'error',
});
