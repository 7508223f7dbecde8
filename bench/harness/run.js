/* global process, console -- a Node script */
// Runs a `*.bench.ts` file under Vite's module runner, so that Node 20 runs TypeScript with
// no build step: `node bench/harness/run.js bench/recorder/recorder.bench.ts [options]`.
import { resolve } from 'node:path';
import { runnerImport } from 'vite';

const file = process.argv[2];
if (file === undefined || !file.endsWith('.bench.ts')) {
  console.error(
    'Usage: node bench/harness/run.js <file.bench.ts> [--rounds N] [--engines chromium,firefox] [--only REGEX] [--out DIR]',
  );
  process.exit(2);
}
await runnerImport(resolve(file), { configFile: false, logLevel: 'error' });
