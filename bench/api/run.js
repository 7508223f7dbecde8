// Runs api.bench.ts under Vite's module runner, so that Node 20 runs the TypeScript driver
// without a build step: `npm run bench:api [-- --rounds N]`.
import { URL, fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

await runnerImport(fileURLToPath(new URL('./api.bench.ts', import.meta.url)), {
  configFile: false,
  logLevel: 'error',
});
