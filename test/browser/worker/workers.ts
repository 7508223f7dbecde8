import type { WorkerRecorderOptions } from '../../../src/worker/open-worker-recorder.js';

/** Options that start a dedicated module worker on the ready entry, kept for the test to end. */
export function dedicatedEntry(): {
  options: Pick<WorkerRecorderOptions, 'worker'>;
  worker: () => Worker;
} {
  let started: Worker | undefined;
  return {
    options: {
      worker: () => {
        started = new Worker(new URL('../../../src/worker/entry.ts', import.meta.url), {
          type: 'module',
        });
        return started;
      },
    },
    worker: () => {
      if (started === undefined) throw new Error('No worker was started.');
      return started;
    },
  };
}

/** Options that start one of the test workers next to this file. */
export function testWorker(
  file: 'stopping-worker' | 'throwing-worker',
): Pick<WorkerRecorderOptions, 'worker'> {
  const urls = {
    'stopping-worker': () =>
      new Worker(new URL('./stopping-worker.ts', import.meta.url), { type: 'module' }),
    'throwing-worker': () =>
      new Worker(new URL('./throwing-worker.ts', import.meta.url), { type: 'module' }),
  };
  return { worker: urls[file] };
}
